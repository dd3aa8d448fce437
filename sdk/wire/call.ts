import { type Decoder, isRecord, type Parser } from "../core/parse.js";
import type { HttpMethod } from "../core/transport.js";
import { UnsupportedOperationError } from "../errors.js";
import type { WireFormat } from "./format.js";

/**
 * One HTTP exchange as a codec describes it: the full path from the gateway (`/v2/…` or `/v1/…`),
 * the encoded body, and how to decode the answer into the public shape. Resource classes send it
 * without knowing which wire format produced it.
 */
export interface WireCall<T> {
  method: HttpMethod;
  /** Path from the gateway, query included, e.g. `/v2/deployments/my-llm`. */
  path: string;
  body?: unknown;
  decode: Decoder<T>;
  /** Secret values inside `body` (an hf token), redacted from any error the call produces. */
  secrets?: readonly string[];
}

/** `/v2/repos/a%2Fb`: each value escaped as one path segment. */
export function path(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return strings.reduce((out, part, i) => {
    const value = values[i - 1];
    return out + (value === undefined ? "" : encodeURIComponent(String(value))) + part;
  });
}

/** The operation does not exist in this wire format: fail before sending anything. */
export function unsupported(operation: string, format: WireFormat, hint: string): never {
  throw new UnsupportedOperationError(operation, format, hint);
}

/** Removes keys whose value is undefined, so public objects carry only what the server said. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}

/**
 * A body in either wire shape. Reads tolerate both formats whatever the client speaks, so the
 * shape is told from the body itself (`isPlatform`), then parsed with that shape's schema. Both
 * schemas are plain z.object: unknown fields are dropped, not kept on the public object.
 */
export function eitherShape<T>(
  isPlatform: (record: Record<string, unknown>) => boolean,
  platform: Parser<T>,
  spec: Parser<T>,
): Parser<T> {
  return {
    safeParse: (input) => (isRecord(input) && isPlatform(input) ? platform : spec).safeParse(input),
  };
}

/** Decoders for bodies the SDK reads back with a GET instead (the platform ignores create replies). */
export const readBack: Decoder<undefined> = () => ({ ok: true, value: undefined });
