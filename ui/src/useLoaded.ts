import { useEffect, useState } from "react";
import { errorMessage } from "./api";

/**
 * What `load` answers once, when a screen opens: the value, or the message of the error.
 * An answer that arrives after the screen closed is dropped, so a slow command never updates a
 * screen the user already left.
 */
export function useLoaded<T>(load: () => Promise<T>): { value: T | null; error: string | null } {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    load()
      .then((v) => live && setValue(v))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
    // Loaded once per mount: `load` is a new closure on every render.
  }, []);
  return { value, error };
}
