import { findModel } from "../catalogue/models.js";
import type { Now } from "../core/clock.js";
import type { EmulatorCore } from "../core/context.js";
import { invalid, notFound } from "../core/errors.js";
import { newUuid } from "../core/ids.js";
import { batchJobView } from "../kinds/batch-jobs/views.js";
import { datasetView } from "../kinds/datasets/views.js";
import { deploymentView } from "../kinds/deployments/views.js";
import type { View } from "../kinds/extra.js";
import { finetuningJobView } from "../kinds/finetuning-jobs/views.js";
import { repoView } from "../kinds/repos/views.js";
import { planFor } from "../lifecycle/durations.js";
import { OBJECT_KINDS, type ObjectKind, type RecordsByKind } from "../state/records.js";
import type { TenantState } from "../state/tenant.js";
import { applyFields, KEY_FIELD } from "./fields.js";

/** Out-of-band object access for tests: insert as given, patch, read, delete. */
export function parseKind(raw: string): ObjectKind {
  if (!(OBJECT_KINDS as readonly string[]).includes(raw)) {
    throw invalid(`kind: must be one of ${OBJECT_KINDS.join(", ")}; got "${raw}"`);
  }
  return raw as ObjectKind;
}

export function viewOf(kind: ObjectKind, record: RecordsByKind[ObjectKind], now: Now): View | undefined {
  if (kind === "repos") return repoView(record as RecordsByKind["repos"]);
  if (kind === "datasets") return datasetView(record as RecordsByKind["datasets"], now);
  if (kind === "deployments") return deploymentView(record as RecordsByKind["deployments"], now);
  if (kind === "finetuning_jobs") return finetuningJobView(record as RecordsByKind["finetuning_jobs"], now);
  return batchJobView(record as RecordsByKind["batch_jobs"], now);
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
  for (const required of kind.endsWith("_jobs")
    ? ["base_model", "dataset"]
    : kind === "deployments"
      ? ["base_model"]
      : []) {
    if (typeof fields[required] !== "string") throw invalid(`${kind}.${required}: required string`);
  }
  const record = newRecord(core, kind, key, fields, now);
  applyFields(kind, record, fields, now);
  tenant.map(kind).set(key, record);
  return viewOf(kind, record, now) ?? {};
}

function newRecord(
  core: EmulatorCore,
  kind: ObjectKind,
  key: string,
  fields: Record<string, unknown>,
  now: Now,
): RecordsByKind[ObjectKind] {
  const base = { created_at: now.t, extra: {} };
  const timed = { ...base, touched_at: now.t, failure: null };
  const baseModel = String(fields.base_model ?? "");
  const dataset = String(fields.dataset ?? "");
  switch (kind) {
    case "repos":
      return { ...base, uuid: newUuid(), name: key, description: null, versions: [] };
    case "datasets":
      return { ...base, uuid: newUuid(), name: key, source: null, status: "connected" };
    case "deployments":
      return {
        ...timed,
        uuid: newUuid(),
        name: key,
        base_model: baseModel,
        accelerator: findModel(baseModel)?.min_accelerator ?? "a10_24gb",
        min_replicas: 0,
        max_replicas: 1,
        description: null,
        plan: planFor("deployment", core.durations, now.immediate),
        last_request_at: null,
        deleted_at: null,
        deleting_seconds: now.immediate ? 0 : core.durations.deployment_deleting,
        standby_idle_seconds: core.durations.deployment_standby_idle,
      };
    case "finetuning_jobs":
      return {
        ...timed,
        id: key,
        seq: core.store.nextSeq(),
        base_model: baseModel,
        dataset,
        repo: null,
        adapter_type: "lora",
        task: "sft",
        description: null,
        plan: planFor("finetuning_job", core.durations, now.immediate),
        canceled_at: null,
        outcome: null,
      };
    case "batch_jobs":
      return {
        ...timed,
        id: key,
        seq: core.store.nextSeq(),
        base_model: baseModel,
        dataset,
        output: null,
        plan: planFor("batch_job", core.durations, now.immediate),
      };
  }
}
