import type { Now } from "../core/clock.js";
import type { EmulatorCore } from "../core/context.js";
import { invalid, notFound } from "../core/errors.js";
import { newUuid } from "../core/ids.js";
import type { View } from "../kinds/extra.js";
import { OBJECT_KINDS, type ObjectKind, type RecordsByKind } from "../state/records.js";
import type { TenantState } from "../state/tenant.js";
import { applyFields, KEY_FIELD } from "./fields.js";
import { seedingOf } from "./kinds.js";

/** Out-of-band object access for tests: insert as given, patch, read, delete. */
export function parseKind(raw: string): ObjectKind {
  if (!(OBJECT_KINDS as readonly string[]).includes(raw)) {
    throw invalid(`kind: must be one of ${OBJECT_KINDS.join(", ")}; got "${raw}"`);
  }
  return raw as ObjectKind;
}

export function viewOf(kind: ObjectKind, record: RecordsByKind[ObjectKind], now: Now): View | undefined {
  return seedingOf(kind).view(record, now);
}

export function findRecord<K extends ObjectKind>(
  tenant: TenantState,
  kind: K,
  key: string,
): RecordsByKind[K] {
  const record = tenant.map(kind).get(key);
  if (record === undefined) throw notFound(`${kind} ${key} not found in tenant ${tenant.id}`);
  return record;
}

/** Inserts (or replaces) one object built from `input`, which may carry a status to start in. */
export function seedObject(
  core: EmulatorCore,
  tenant: TenantState,
  kind: ObjectKind,
  input: unknown,
  now: Now,
): View {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw invalid(`${kind}: expected objects`);
  const fields = input as Record<string, unknown>;
  const keyField = KEY_FIELD[kind];
  const key = fields[keyField] ?? (keyField === "id" ? newUuid() : undefined);
  if (typeof key !== "string" || key === "") throw invalid(`${kind}.${keyField}: required string`);
  for (const required of seedingOf(kind).required) {
    if (typeof fields[required] !== "string") throw invalid(`${kind}.${required}: required string`);
  }
  const record = seedingOf(kind).create(core, key, fields, now);
  applyFields(kind, record, fields, now);
  tenant.map(kind).set(key, record);
  return viewOf(kind, record, now) ?? {};
}
