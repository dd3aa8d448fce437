import { BATCH_MAX_PARAMETERS_BILLIONS } from "../../catalogue/models.js";
import { type Handler, limited, mustGet, requireModel } from "../../control-plane/handler.js";
import type { Call } from "../../core/context.js";
import { conflict, unprocessable } from "../../core/errors.js";
import { newUuid } from "../../core/ids.js";
import { json } from "../../http/reply.js";
import type { Router } from "../../http/router.js";
import { planFor } from "../../lifecycle/durations.js";
import { FieldReader } from "../../validation/fields.js";
import { platformBody } from "../platform.js";
import type { BatchJobRecord } from "./record.js";
import { batchStatus, TERMINAL_BATCH_STATUSES } from "./status.js";
import { batchJobView, platformBatchView } from "./views.js";

const LABEL = "batch inference job";

/** Spec format: `/v2/batch-inference/jobs`; queued → running → completed with a result path. */
export function registerSpecBatch(router: Router<Handler>): void {
  router
    .on("POST", "/batch-inference/jobs", (call) => {
      const body = FieldReader.of(call.body);
      const job = createBatchRecord(call, {
        baseModel: body.string("base_model", { required: true }),
        dataset: body.string("dataset", { required: true }),
        output: body.string("output") ?? null,
        field: "base_model",
      });
      return json(batchJobView(job, call.now));
    })
    .on("GET", "/batch-inference/jobs", (call) => {
      const jobs = [...call.tenant.batch_jobs.values()].map((j) => batchJobView(j, call.now));
      return json({ data: { jobs: limited(jobs, call.query) } });
    })
    .on("GET", "/batch-inference/jobs/:id", (call) => json(batchJobView(batchJob(call), call.now)));
}

/**
 * Platform format, docs/platform-wire.md §6: `/v2/batch-inference` (no `/jobs`), bare objects, the
 * list in `{"data":{"jobs":[…]}}`, cancel is a GET, results answer `{url}`.
 */
export function registerPlatformBatch(router: Router<Handler>): void {
  router
    .on("POST", "/v2/batch-inference", createPlatformBatch)
    .on("GET", "/v2/batch-inference", (call) => {
      const jobs = [...call.tenant.batch_jobs.values()].map((j) => platformBatchView(j, call.now));
      return json({ data: { jobs: limited(jobs, call.query) } });
    })
    .on("GET", "/v2/batch-inference/:id", (call) => json(platformBatchView(batchJob(call), call.now)))
    .on("GET", "/v2/batch-inference/:id/cancel", (call) => {
      const j = batchJob(call);
      const { status } = batchStatus(j, call.now);
      if (TERMINAL_BATCH_STATUSES.includes(status)) {
        throw conflict(
          `${LABEL} ${j.id} is already ${status === "errored" ? "failed" : status}; only queued or running jobs can be cancelled`,
        );
      }
      j.canceled_at = call.now.t;
      j.touched_at = call.now.t;
      return json(platformBatchView(j, call.now));
    })
    .on("GET", "/v2/batch-inference/:id/results", (call) => {
      const j = batchJob(call);
      const { status } = batchStatus(j, call.now);
      if (status !== "completed") throw conflict(`${LABEL} ${j.id} has no results yet (status: ${status})`);
      return json({ url: `${call.core.baseUrl}/__uploads/batch/${j.id}/results.jsonl` });
    });
}

const batchJob = (call: Call): BatchJobRecord => mustGet(call.tenant.batch_jobs, call.params.id ?? "", LABEL);

interface NewBatch {
  baseModel: string;
  dataset: string;
  output: string | null;
  field: string;
  originalRequest?: Record<string, unknown>;
}

function createBatchRecord(call: Call, input: NewBatch): BatchJobRecord {
  const model = requireModel(input.field, input.baseModel);
  if (model.parameters_billions > BATCH_MAX_PARAMETERS_BILLIONS) {
    throw unprocessable(
      `${input.field}: batch inference supports base models of at most ${BATCH_MAX_PARAMETERS_BILLIONS}B parameters; ${model.name} has ${model.parameters_billions}B`,
    );
  }
  const { core, now, tenant } = call;
  if (!tenant.datasets.has(input.dataset))
    throw unprocessable(`dataset: dataset "${input.dataset}" not found`);
  const id = newUuid();
  const job: BatchJobRecord = {
    id,
    seq: core.store.nextSeq(),
    base_model: model.name,
    dataset: input.dataset,
    output: input.output,
    created_at: now.t,
    touched_at: now.t,
    plan: planFor("batch_job", core.durations, now.immediate),
    failure: core.failures.claim("batch_job", tenant.id, id, now.t),
    extra: {},
    ...(input.originalRequest === undefined
      ? {}
      : { original_request: input.originalRequest, canceled_at: null }),
  };
  tenant.batch_jobs.set(id, job);
  return job;
}

/**
 * `POST /v2/batch-inference {dataset, serverConfig:{baseModel, …}}`. Unknown serverConfig keys
 * pass through (the SDK's config allows extras); `hfToken` is blanked in `originalRequest`.
 */
const createPlatformBatch: Handler = (call) => {
  const body = platformBody(call.body);
  body.onlyKeys(["dataset", "serverConfig"]);
  const dataset = body.string("dataset", { required: true });
  const server = body.object("serverConfig", { required: true });
  const baseModel = server?.string("baseModel", { required: true }) ?? "";
  server?.string("quantization");
  server?.strings("customArgs");
  server?.string("hfToken");
  server?.string("loraxImageTag");
  const serverConfig = { ...(server?.toObject() ?? {}), hfToken: null };
  const job = createBatchRecord(call, {
    baseModel,
    dataset,
    output: null,
    field: "serverConfig.baseModel",
    originalRequest: { dataset, serverConfig },
  });
  return json(platformBatchView(job, call.now));
};
