import type { Props } from "../runtime/validate.js";

/**
 * Property values as the engine sends them over gRPC (a protobuf Struct turned into JSON), and back.
 * The engine marks a secret as an object with a signature key (the provider accepts secrets at
 * Configure) and a value not known yet (preview) as a sentinel string, the one the kinds already
 * understand (runtime/validate.ts UNKNOWN). See pulumi/pulumi sdk/go/common/resource/plugin/rpc.go.
 */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function isSecretValue(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG] === SECRET_SIG
  );
}

/** Plain values for the kinds, and which top-level properties held a secret anywhere inside. */
export function unwrapSecrets(props: Props): { plain: Props; secretKeys: Set<string> } {
  const secretKeys = new Set<string>();
  const plain: Props = {};
  for (const [key, value] of Object.entries(props)) {
    let found = false;
    const strip = (v: unknown): unknown => {
      if (isSecretValue(v)) {
        found = true;
        return strip(v.value);
      }
      if (Array.isArray(v)) return v.map(strip);
      if (v && typeof v === "object") {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]));
      }
      return v;
    };
    plain[key] = strip(value);
    if (found) secretKeys.add(key);
  }
  return { plain, secretKeys };
}

/** Marks the given top-level properties secret and drops undefined values (a Struct has none). */
export function wrapSecrets(props: Props, secretKeys: Iterable<string>): Props {
  const secret = new Set(secretKeys);
  const out: Props = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    const clean = withoutUndefined(value);
    out[key] = secret.has(key) ? { [SIG]: SECRET_SIG, value: clean } : clean;
  }
  return out;
}

function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : withoutUndefined(v)));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    );
  }
  return value;
}
