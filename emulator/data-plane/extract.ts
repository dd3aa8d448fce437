import type { IncomingHttpHeaders } from "node:http";
import { ApiError } from "../core/errors.js";

/**
 * LoRAX reads request bodies with axum's `Json` extractor and serde (router/src/lib.rs types), so
 * a body that is not JSON, or not of the declared type, never reaches LoRAX's own code: axum answers
 * in text/plain, 415 without a JSON content type, 400 for bad syntax, 422 for a type mismatch. Serde
 * is strict about types (a `null` for a field that is not an `Option` is rejected, `stop` must be a
 * list) and ignores fields it does not know (no `deny_unknown_fields`).
 */
export class ExtractorError extends ApiError {
  constructor(status: 400 | 415 | 422, message: string) {
    super(status, "extractor", message);
    this.name = "ExtractorError";
  }
}

/** axum `MissingJsonContentType`: `application/json` or any `application/*+json`. */
export function requireJsonContentType(headers: IncomingHttpHeaders): void {
  const type = (headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const json = type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
  if (!json) throw new ExtractorError(415, "Expected request with `Content-Type: application/json`");
}

/** axum `JsonSyntaxError`. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === "") {
    throw new ExtractorError(
      400,
      "Failed to parse the request body as JSON: EOF while parsing a value at line 1 column 0",
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ExtractorError(400, `Failed to parse the request body as JSON: ${(err as Error).message}`);
  }
}

/** What serde says it expected, in its words. */
type Expected = "a string" | "a boolean" | "u32" | "u64" | "usize" | "i32" | "f32" | "a sequence" | "a map";

/** serde's description of a JSON value it did not expect ("invalid type: null, expected …"). */
function unexpected(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  if (typeof value === "boolean") return `boolean \`${value}\``;
  if (typeof value === "number") {
    return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
  }
  return Array.isArray(value) ? "sequence" : "map";
}

const INTEGER_RANGES: Partial<Record<Expected, [number, number]>> = {
  u32: [0, 2 ** 32 - 1],
  u64: [0, Number.MAX_SAFE_INTEGER],
  usize: [0, Number.MAX_SAFE_INTEGER],
  i32: [-(2 ** 31), 2 ** 31 - 1],
};

/**
 * Reads one JSON object field by field with serde's rules. `field` (Option<T>) allows missing and
 * null; `defaulted` (`#[serde(default)]` on a plain T) allows missing but rejects null; `required`
 * rejects both. Errors carry serde_path_to_error's path (`parameters.stop: invalid type: …`).
 */
export class SerdeReader {
  readonly #record: Record<string, unknown>;
  readonly #path: string;

  private constructor(record: Record<string, unknown>, path: string) {
    this.#record = record;
    this.#path = path;
  }

  /** The top-level body, or a nested struct at `path`. */
  static of(value: unknown, struct: string, path = ""): SerdeReader {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw SerdeReader.#error(path, `invalid type: ${unexpected(value)}, expected struct ${struct}`);
    }
    return new SerdeReader(value as Record<string, unknown>, path);
  }

  static #error(path: string, message: string): ExtractorError {
    const where = path === "" ? "" : `${path}: `;
    return new ExtractorError(
      422,
      `Failed to deserialize the JSON body into the target type: ${where}${message}`,
    );
  }

  #at(key: string): string {
    return this.#path === "" ? key : `${this.#path}.${key}`;
  }

  /** The raw value of a field (undefined when missing). */
  raw(key: string): unknown {
    return Object.hasOwn(this.#record, key) ? this.#record[key] : undefined;
  }

  /** A nested struct (`Option<Struct>` when `optional`): its reader, or undefined. */
  struct(key: string, struct: string, optional: boolean): SerdeReader | undefined {
    const value = this.raw(key);
    if (value === undefined || (optional && value === null)) return undefined;
    return SerdeReader.of(value, struct, this.#at(key));
  }

  required(key: string, expected: "a string"): string;
  required(key: string, expected: "a sequence"): unknown[];
  required(key: string, expected: Expected): unknown {
    const value = this.raw(key);
    if (value === undefined) {
      const where = this.#path === "" ? "" : `${this.#path}: `;
      throw new ExtractorError(
        422,
        `Failed to deserialize the JSON body into the target type: ${where}missing field \`${key}\``,
      );
    }
    return this.#typed(key, value, expected);
  }

  /** `Option<T>`: missing or null is undefined. */
  field(key: string, expected: "a string"): string | undefined;
  field(key: string, expected: "a boolean"): boolean | undefined;
  field(key: string, expected: "u32" | "u64" | "usize" | "i32" | "f32"): number | undefined;
  field(key: string, expected: "a map" | "a sequence"): unknown;
  field(key: string, expected: Expected): unknown {
    const value = this.raw(key);
    return value === undefined || value === null ? undefined : this.#typed(key, value, expected);
  }

  /** `#[serde(default)] T`: missing gives the default, null is a type error. */
  defaulted(key: string, expected: "a boolean", fallback: boolean): boolean;
  defaulted(key: string, expected: "a sequence", fallback: string[]): string[];
  defaulted(key: string, expected: Expected, fallback: unknown): unknown {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    const typed = this.#typed(key, value, expected);
    if (expected === "a sequence") return this.strings(key, typed as unknown[]);
    return typed;
  }

  /** A `Vec<String>`'s items. */
  strings(key: string, items: unknown[]): string[] {
    for (const [i, item] of items.entries()) {
      if (typeof item !== "string") {
        throw SerdeReader.#error(
          `${this.#at(key)}[${i}]`,
          `invalid type: ${unexpected(item)}, expected a string`,
        );
      }
    }
    return items as string[];
  }

  #typed(key: string, value: unknown, expected: Expected): unknown {
    const fail = (kind: "type" | "value") =>
      SerdeReader.#error(this.#at(key), `invalid ${kind}: ${unexpected(value)}, expected ${expected}`);
    switch (expected) {
      case "a string":
        if (typeof value !== "string") throw fail("type");
        return value;
      case "a boolean":
        if (typeof value !== "boolean") throw fail("type");
        return value;
      case "a sequence":
        if (!Array.isArray(value)) throw fail("type");
        return value;
      case "a map":
        if (typeof value !== "object" || value === null || Array.isArray(value)) throw fail("type");
        return value;
      case "f32":
        if (typeof value !== "number") throw fail("type");
        return value;
      default: {
        if (typeof value !== "number" || !Number.isInteger(value)) throw fail("type");
        const [min, max] = INTEGER_RANGES[expected] ?? [0, 0];
        if (value < min || value > max) throw fail("value");
        return value;
      }
    }
  }
}
