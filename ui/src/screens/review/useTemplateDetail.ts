// The detail of the selected template, loaded once the selection rests.
import { useEffect, useState } from "react";
import { api, errorMessage, type TemplateDetail } from "../../api";

/**
 * Loads the detail of template `id` 40 ms after it was selected (holding `j` does not load
 * every template passed); `detail` is `null` until the one asked for arrives.
 */
export function useTemplateDetail(id: string | null) {
  const [detail, setDetail] = useState<TemplateDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!id) return;
    let live = true;
    setError(null);
    const timer = setTimeout(() => {
      api
        .templateDetail(id)
        .then((d) => live && setDetail(d))
        .catch((e) => live && setError(errorMessage(e)));
    }, 40);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id]);
  return { detail: detail?.id === id ? detail : null, error };
}
