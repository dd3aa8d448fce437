/** Drops undefined values: the engine stores them as missing anyway, and diffs stay clean. */
export function defined(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}
