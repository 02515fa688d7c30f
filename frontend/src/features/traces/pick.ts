/** A trace ticked for comparison, with the text that names it in the compare bar. */
export type Picked = { id: string; label: string };

/** Tick or untick `trace`; at most two stay picked, a third replaces the older one. */
export function togglePick(picked: readonly Picked[], trace: Picked): Picked[] {
  if (picked.some((p) => p.id === trace.id))
    return picked.filter((p) => p.id !== trace.id);
  return [...picked, trace].slice(-2);
}
