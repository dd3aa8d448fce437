import type { TypeSpec } from "./types.js";

/**
 * The type and descriptions of one property. The NAMES of each resource's properties come from the
 * kind descriptions (provider/runtime/kinds/*.ts, see resources.ts); this only says what each is.
 * Descriptions are the doc comments of provider/resources/*.ts (test/plugin/schema.test.ts checks
 * that they stay the same).
 */
export interface PropertyDoc {
  type: TypeSpec;
  /** As an input: the Args interface's doc comment. */
  input?: string;
  /** As an output, when it differs: the resource class's doc comment. */
  output?: string;
  /** The input's type, when narrower than the output's (an enum the platform may outgrow). */
  inputType?: TypeSpec;
  /** Always set, even when the platform leaves it out (a non-optional output in the class). */
  alwaysOutput?: true;
}

export type KindDocs = Readonly<Record<string, PropertyDoc>>;

export const STRING: TypeSpec = { type: "string" };
export const INTEGER: TypeSpec = { type: "integer" };
export const NUMBER: TypeSpec = { type: "number" };
export const BOOLEAN: TypeSpec = { type: "boolean" };
export const STRINGS: TypeSpec = { type: "array", items: STRING };
/** `triggers`: any values, compared as a whole. */
export const ANY_LIST: TypeSpec = { type: "array", items: { $ref: "pulumi.json#/Any" } };

export const TOKEN = {
  timeouts: "predibase:index:Timeouts",
  adapterRepoVersion: "predibase:index:AdapterRepoVersion",
  adapterType: "predibase:index:AdapterType",
  task: "predibase:index:FineTuningTask",
  model: "predibase:index:Model",
} as const;

export function ref(token: string): TypeSpec {
  return { $ref: `#/types/${token}` };
}

/** Properties every kind shares, described once. */
export const COMMON = {
  uuid: { type: STRING, output: "The platform's unique id of the object." },
  createdAt: { type: STRING, output: "When the platform created the object (ISO 8601)." },
  updatedAt: { type: STRING, output: "When the platform last changed the object (ISO 8601)." },
  error: { type: STRING, output: "The platform's error message, when the object failed." },
  adoptExisting: { type: BOOLEAN },
  triggers: { type: ANY_LIST },
  timeouts: { type: ref(TOKEN.timeouts) },
} satisfies KindDocs;
