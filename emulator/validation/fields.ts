import { ApiError } from "../core/errors.js";

/**
 * Reads typed fields from a parsed JSON body, failing with a message that names the field.
 * Wrong JSON type → 400 (control plane) or 422 (data plane, as LoRAX/axum answer); a missing
 * required field or a bad value → 422. JSON `null` counts as absent: clients that serialize
 * unset options as null get the defaults.
 */
export interface ReaderOptions {
  typeStatus: 400 | 422;
  /** Prepended to every message, e.g. LoRAX's "Input validation error: ". */
  prefix: string;
  /** Status of a missing required field (422 by default; the platform format answers 400). */
  requiredStatus: 400 | 422;
  /** Prepended to field names, e.g. `config.` for a nested object. */
  path: string;
}

interface Required {
  required: true;
}
interface StringOptions {
  required?: boolean;
  oneOf?: readonly string[];
  nonEmpty?: boolean;
}
interface NumberOptions {
  required?: boolean;
  min?: number;
  max?: number;
  /** Strict lower bound. */
  above?: number;
}

const describe = (v: unknown): string => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);

export class FieldReader {
  private constructor(
    private readonly raw: Record<string, unknown>,
    private readonly options: ReaderOptions,
  ) {}

  /** A missing body reads as `{}`; anything but a JSON object is a 400/422. */
  static of(body: unknown, options: Partial<ReaderOptions> = {}): FieldReader {
    const opts: ReaderOptions = { typeStatus: 400, prefix: "", requiredStatus: 422, path: "", ...options };
    if (body === undefined) return new FieldReader({}, opts);
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new ApiError(opts.typeStatus, "validation", `${opts.prefix}request body must be a JSON object`);
    }
    return new FieldReader(body as Record<string, unknown>, opts);
  }

  fail(field: string, problem: string, status = 422): ApiError {
    return new ApiError(
      status,
      "validation",
      `${this.options.prefix}${this.options.path}${field}: ${problem}`,
    );
  }

  /** The keys the body actually has (null-valued ones included). */
  keys(): string[] {
    return Object.keys(this.raw);
  }

  /** Rejects keys outside `known` with a 400 naming the first one (catches misspelt fields). */
  onlyKeys(known: readonly string[]): void {
    const unknown = this.keys().find((k) => !known.includes(k));
    if (unknown !== undefined) {
      throw this.fail(unknown, `unknown field; expected one of ${known.join(", ")}`, 400);
    }
  }

  /** A nested JSON object as its own reader whose messages name `field.key`. */
  object(field: string, o: { required?: boolean } = {}): FieldReader | undefined {
    const v = this.value(field);
    if (v === undefined) {
      if (o.required) throw this.fail(field, "is required", this.options.requiredStatus);
      return undefined;
    }
    if (typeof v !== "object" || Array.isArray(v)) {
      throw this.fail(field, `expected an object, got ${describe(v)}`, this.options.typeStatus);
    }
    return new FieldReader(v as Record<string, unknown>, {
      ...this.options,
      path: `${this.options.path}${field}.`,
    });
  }

  /** A list of strings (a plain string is a type error here, unlike `stringList`). */
  strings(field: string): string[] | undefined {
    const v = this.value(field);
    if (v === undefined) return undefined;
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
    throw this.fail(field, `expected a list of strings, got ${describe(v)}`, this.options.typeStatus);
  }

  /** The raw object this reader reads (for echoing a request back). */
  toObject(): Record<string, unknown> {
    return { ...this.raw };
  }

  has(field: string): boolean {
    return this.raw[field] !== undefined && this.raw[field] !== null;
  }

  value(field: string): unknown {
    return this.raw[field] ?? undefined;
  }

  string(field: string, o: StringOptions & Required): string;
  string(field: string, o?: StringOptions): string | undefined;
  string(field: string, o: StringOptions = {}): string | undefined {
    const v = this.present(field, "a string", "string", o.required);
    if (v === undefined) return undefined;
    const s = v as string;
    if (o.nonEmpty && s.trim() === "") throw this.fail(field, "must not be empty");
    if (o.oneOf && !o.oneOf.includes(s))
      throw this.fail(field, `must be one of ${o.oneOf.join(", ")}; got "${s}"`);
    return s;
  }

  integer(field: string, o: NumberOptions & Required): number;
  integer(field: string, o?: NumberOptions): number | undefined;
  integer(field: string, o: NumberOptions = {}): number | undefined {
    const v = this.number(field, o);
    if (v !== undefined && !Number.isInteger(v)) throw this.fail(field, `must be an integer; got ${v}`);
    return v;
  }

  number(field: string, o: NumberOptions = {}): number | undefined {
    const v = this.present(field, "a number", "number", o.required) as number | undefined;
    if (v === undefined) return undefined;
    if (!Number.isFinite(v)) throw this.fail(field, `must be a finite number; got ${v}`);
    if (o.min !== undefined && v < o.min) throw this.fail(field, `must be >= ${o.min}; got ${v}`);
    if (o.above !== undefined && v <= o.above) throw this.fail(field, `must be > ${o.above}; got ${v}`);
    if (o.max !== undefined && v > o.max) throw this.fail(field, `must be <= ${o.max}; got ${v}`);
    return v;
  }

  boolean(field: string): boolean | undefined {
    return this.present(field, "a boolean", "boolean", false) as boolean | undefined;
  }

  /** A string or a list of strings (OpenAI's `stop`), normalized to a list. */
  stringList(field: string): string[] | undefined {
    const v = this.value(field);
    if (v === undefined) return undefined;
    if (typeof v === "string") return [v];
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
    throw this.fail(
      field,
      `expected a string or a list of strings, got ${describe(v)}`,
      this.options.typeStatus,
    );
  }

  private present(field: string, label: string, type: string, required?: boolean): unknown {
    const v = this.value(field);
    if (v === undefined) {
      if (required) throw this.fail(field, "is required", this.options.requiredStatus);
      return undefined;
    }
    if (typeof v !== type)
      throw this.fail(field, `expected ${label}, got ${describe(v)}`, this.options.typeStatus);
    return v;
  }
}
