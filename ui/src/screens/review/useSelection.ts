// Which queue row is selected, kept on the same template when the queue is reshaped.
import type { Row } from "@tanstack/react-table";
import { useEffect, useRef, useState, type RefObject } from "react";
import type { QueueRowView } from "../../api";
import type { QueueHandle } from "./QueueList";

/**
 * The selection is a position; the id it stands for is noted when it moves, so that after a
 * merge or split reshapes the rows the same template (or the row that took its place) stays
 * selected. `focusTemplate` (a search hit) selects its row once the rows are there.
 */
export function useSelection(
  rows: Row<QueueRowView>[],
  list: RefObject<QueueHandle | null>,
  focusTemplate: string | null,
  onFocused: () => void,
) {
  const [selected, setSelected] = useState(0);
  const selectedId = useRef<string | null>(null);

  useEffect(() => {
    const id = rows[selected]?.original.id;
    if (id) selectedId.current = id;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected]);
  useEffect(() => {
    const id = selectedId.current;
    if (!id || rows.length === 0) {
      if (rows[selected]) selectedId.current = rows[selected].original.id;
      return;
    }
    if (rows[selected]?.original.id === id) return;
    let i = rows.findIndex((r) => r.original.id === id);
    if (i < 0) i = rows.findIndex((r) => r.original.split_of === id || r.original.members.includes(id));
    if (i >= 0) setSelected(i);
    else if (selected >= rows.length) setSelected(rows.length - 1);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows]);

  useEffect(() => {
    if (!focusTemplate || rows.length === 0) return;
    const i = rows.findIndex((r) => r.original.id === focusTemplate);
    if (i >= 0) {
      setSelected(i);
      list.current?.scrollToIndex(i, "center");
    }
    onFocused();
  }, [focusTemplate, rows, onFocused, list]);

  /** Moves the selection by `delta` rows, within the queue. */
  const move = (delta: number) => {
    if (rows.length === 0) return;
    const next = Math.max(0, Math.min(rows.length - 1, selected + delta));
    setSelected(next);
    list.current?.scrollToIndex(next, "auto");
  };

  /** Selects the row of `id` (after an undo), and keeps it selected through the reshaping. */
  const focus = (id: string) => {
    selectedId.current = id;
    const i = rows.findIndex((r) => r.original.id === id);
    if (i >= 0) {
      setSelected(i);
      list.current?.scrollToIndex(i, "auto");
    }
  };

  return { selected, setSelected, current: rows[selected]?.original, move, focus };
}
