/** snake_case wire keys to the camelCase Pulumi convention, deeply (versions, nested objects). */
export function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = camelize(inner);
    }
    return out;
  }
  return value;
}

/** Drops undefined values: the engine stores them as missing anyway, and diffs stay clean. */
export function defined(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}
