import type { Now } from "../core/clock.js";
import { invalid } from "../core/errors.js";
import type { FieldType } from "../kinds/seeding.js";
import type { ObjectKind, RecordsByKind, RepoVersion } from "../state/records.js";
import { SEEDING, seedingOf } from "./kinds.js";

export const KEY_FIELD: Readonly<Record<ObjectKind, "name" | "id">> = {
  repos: SEEDING.repos.keyField,
  datasets: SEEDING.datasets.keyField,
  deployments: SEEDING.deployments.keyField,
  finetuning_jobs: SEEDING.finetuning_jobs.keyField,
  batch_jobs: SEEDING.batch_jobs.keyField,
};

const TYPE_CHECKS: Readonly<Record<FieldType, (v: unknown) => boolean>> = {
  string: (v) => typeof v === "string",
  "nullable-string": (v) => v === null || typeof v === "string",
  integer: (v) => Number.isInteger(v) && (v as number) >= 0,
};

/** Applies `input` to a record: stored fields, creation time, repo versions, then the status. */
export function applyFields<K extends ObjectKind>(
  kind: K,
  record: RecordsByKind[K],
  input: object,
  now: Now,
): void {
  const fields = input as Record<string, unknown>;
  const target = record as unknown as Record<string, unknown>;
  const { status, error, adapter_version, ...rest } = fields;
  for (const [field, value] of Object.entries(rest)) {
    const type = SEEDING[kind].stored[field];
    if (field === KEY_FIELD[kind]) {
      if (value !== target[field]) throw invalid(`${field}: cannot be changed (it is the object's key)`);
    } else if (type !== undefined) {
      if (!TYPE_CHECKS[type](value)) throw invalid(`${field}: expected ${type.replace("-", " ")}`);
      target[field] = value;
    } else if (field === "created_at") {
      target.created_at = parseTime(field, value);
    } else if (field === "versions" && kind === "repos") {
      target.versions = parseVersions(String(target.name), value, now);
    } else {
      seedingOf(kind).setField?.(record, field, value);
      record.extra[field] = value;
    }
  }
  if ("touched_at" in target) target.touched_at = now.t;
  const pinned =
    typeof status === "string" ? !anchor(kind, record, status, fields, now) : status !== undefined;
  if (pinned) record.extra.status = status;
  // A status reached by anchoring replaces any earlier pinned one.
  if (typeof status === "string" && !pinned) delete record.extra.status;
  if (error !== undefined && (pinned || typeof status !== "string")) record.extra.error = error;
  if (adapter_version !== undefined && status !== "completed") record.extra.adapter_version = adapter_version;
}

function anchor(
  kind: ObjectKind,
  record: object,
  status: string,
  fields: Record<string, unknown>,
  now: Now,
): boolean {
  const error = typeof fields.error === "string" ? fields.error : undefined;
  const adapterVersion = typeof fields.adapter_version === "string" ? fields.adapter_version : undefined;
  return seedingOf(kind).anchor(record as RecordsByKind[ObjectKind], status, { error, adapterVersion }, now);
}

function parseTime(field: string, value: unknown): number {
  const ms = typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw invalid(`${field}: expected an ISO date-time or epoch milliseconds`);
  return ms;
}

function parseVersions(repo: string, value: unknown, now: Now): RepoVersion[] {
  if (!Array.isArray(value)) throw invalid("versions: expected a list");
  return value.map((raw: Record<string, unknown>, i) => {
    if (typeof raw !== "object" || raw === null || !Number.isInteger(raw.tag)) {
      throw invalid(`versions[${i}].tag: expected an integer`);
    }
    const tag = raw.tag as number;
    const str = (v: unknown, fallback: string): string => (typeof v === "string" ? v : fallback);
    return {
      tag,
      adapter_id: str(raw.adapter_id, `${repo}/${tag}`),
      base_model: str(raw.base_model, ""),
      adapter_type: str(raw.adapter_type, "lora"),
      finetuning_job_id: typeof raw.finetuning_job_id === "string" ? raw.finetuning_job_id : null,
      status: str(raw.status, "ready"),
      created_at:
        raw.created_at === undefined ? now.t : parseTime(`versions[${i}].created_at`, raw.created_at),
    };
  });
}
