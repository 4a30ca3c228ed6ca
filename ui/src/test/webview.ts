export function getCurrentWebview() {
  return { onDragDropEvent: async () => () => {} };
}
