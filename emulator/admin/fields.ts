import type { Now } from "../core/clock.js";
import { invalid } from "../core/errors.js";
import type { ObjectKind, RecordsByKind, RepoVersion } from "../state/records.js";
import { anchorBatchJob, anchorDeployment, anchorFinetuningJob } from "./status-anchor.js";

type FieldType = "string" | "nullable-string" | "integer";

/** Stored fields that seed/patch may set directly; anything else is shown on the object as given. */
const STORED: { [K in ObjectKind]: Readonly<Record<string, FieldType>> } = {
  repos: { description: "nullable-string", uuid: "string" },
  datasets: { source: "nullable-string", status: "string", uuid: "string" },
  deployments: {
    base_model: "string",
    accelerator: "string",
    min_replicas: "integer",
    max_replicas: "integer",
    description: "nullable-string",
    uuid: "string",
  },
  finetuning_jobs: {
    base_model: "string",
    dataset: "string",
    repo: "nullable-string",
    adapter_type: "string",
    task: "string",
    description: "nullable-string",
  },
  batch_jobs: { base_model: "string", dataset: "string", output: "nullable-string" },
};

export const KEY_FIELD: Readonly<Record<ObjectKind, "name" | "id">> = {
  repos: "name",
  datasets: "name",
  deployments: "name",
  finetuning_jobs: "id",
  batch_jobs: "id",
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
    const type = STORED[kind][field];
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
  if (kind === "deployments")
    return anchorDeployment(record as RecordsByKind["deployments"], status, error, now);
  if (kind === "finetuning_jobs") {
    return anchorFinetuningJob(
      record as RecordsByKind["finetuning_jobs"],
      status,
      { error, adapterVersion },
      now,
    );
  }
  if (kind === "batch_jobs") return anchorBatchJob(record as RecordsByKind["batch_jobs"], status, error, now);
  if (kind === "datasets") (record as RecordsByKind["datasets"]).status = status;
  return kind === "datasets";
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
