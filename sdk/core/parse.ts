import type { z } from "zod";
import type { ValidationIssue } from "../errors.js";

/** Turns a parsed JSON body into a typed value, or reports which fields were wrong. */
export type Decoder<T> = (json: unknown) => { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** Anything that parses like a zod schema: a schema, or a chooser between two (wire/call.ts). */
export interface Parser<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: z.ZodError };
}

/** Formats a zod issue path as `data.jobs[0].status`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function issuesOf(error: z.ZodError, prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}

/**
 * A single object. The contract returns it bare, but the real service wraps some of them in
 * `{"data": {...}}` (deployments); accept both.
 */
export function item<T>(schema: Parser<T>): Decoder<T> {
  return (json) => {
    const wrapped = isRecord(json) && isRecord(json.data) && Object.keys(json).length === 1;
    const target = wrapped ? json.data : json;
    const result = schema.safeParse(target);
    if (result.success) return { ok: true, value: result.data };
    return { ok: false, issues: issuesOf(result.error, wrapped ? ["data"] : []) };
  };
}

/**
 * A list, whatever the envelope: a bare array, `{"data": [...]}`, or `{"data": {"<key>": [...]}}`
 * (the contract uses all three, as the real service does). Each element is validated on its own
 * so the error names the index of the bad one.
 */
export function list<T>(schema: Parser<T>, key: string): Decoder<T[]> {
  return (json) => {
    const found = findArray(json, key);
    if (!found) {
      return {
        ok: false,
        issues: [{ path: "", message: `expected a list (bare array, {data:[…]} or {data:{${key}:[…]}})` }],
      };
    }
    const values: T[] = [];
    const issues: ValidationIssue[] = [];
    found.array.forEach((element, index) => {
      const result = schema.safeParse(element);
      if (result.success) values.push(result.data);
      else issues.push(...issuesOf(result.error, [...found.prefix, index]));
    });
    return issues.length ? { ok: false, issues } : { ok: true, value: values };
  };
}

/** Bodies whose content does not matter (`{}` after a delete). */
export const ignore: Decoder<void> = () => ({ ok: true, value: undefined });

function findArray(json: unknown, key: string): { array: unknown[]; prefix: PropertyKey[] } | undefined {
  if (Array.isArray(json)) return { array: json, prefix: [] };
  if (!isRecord(json)) return undefined;
  if (Array.isArray(json[key])) return { array: json[key], prefix: [key] };
  const data = json.data;
  if (Array.isArray(data)) return { array: data, prefix: ["data"] };
  if (!isRecord(data)) return undefined;
  if (Array.isArray(data[key])) return { array: data[key], prefix: ["data", key] };
  // An envelope key we did not expect (`items`, `results`…): use it if it is the only list.
  const arrays = Object.entries(data).filter(([, v]) => Array.isArray(v));
  const only = arrays.length === 1 ? arrays[0] : undefined;
  return only ? { array: only[1] as unknown[], prefix: ["data", only[0]] } : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON.parse that reports instead of throwing; an empty body (204) reads as `{}`. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const snippet = text.length > 80 ? `${text.slice(0, 80)}…` : text;
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, message: `body is not valid JSON (${reason}): ${JSON.stringify(snippet)}` };
  }
}
