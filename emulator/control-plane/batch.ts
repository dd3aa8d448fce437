import { BATCH_MAX_PARAMETERS_BILLIONS } from "../catalogue/models.js";
import { unprocessable } from "../core/errors.js";
import { newUuid } from "../core/ids.js";
import { json } from "../http/reply.js";
import type { Router } from "../http/router.js";
import { planFor } from "../lifecycle/durations.js";
import type { BatchJobRecord } from "../state/records.js";
import { batchJobView } from "../state/views.js";
import { FieldReader } from "../validation/fields.js";
import { type Handler, limited, mustGet, requireModel } from "./handler.js";

/** Batch inference jobs (beta): queued → running → completed with a result path. */
export function registerBatch(router: Router<Handler>): void {
  router
    .on("POST", "/batch-inference/jobs", createBatchJob)
    .on("GET", "/batch-inference/jobs", (call) => {
      const jobs = [...call.tenant.batch_jobs.values()].map((j) => batchJobView(j, call.now));
      return json({ data: { jobs: limited(jobs, call.query) } });
    })
    .on("GET", "/batch-inference/jobs/:id", (call) =>
      json(
        batchJobView(mustGet(call.tenant.batch_jobs, call.params.id ?? "", "batch inference job"), call.now),
      ),
    );
}

const createBatchJob: Handler = (call) => {
  const body = FieldReader.of(call.body);
  const baseModel = body.string("base_model", { required: true });
  const dataset = body.string("dataset", { required: true });
  const output = body.string("output") ?? null;
  const model = requireModel("base_model", baseModel);
  if (model.parameters_billions > BATCH_MAX_PARAMETERS_BILLIONS) {
    throw unprocessable(
      `base_model: batch inference supports base models of at most ${BATCH_MAX_PARAMETERS_BILLIONS}B parameters; ${model.name} has ${model.parameters_billions}B`,
    );
  }
  const { core, now, tenant } = call;
  if (!tenant.datasets.has(dataset)) throw unprocessable(`dataset: dataset "${dataset}" not found`);
  const id = newUuid();
  const job: BatchJobRecord = {
    id,
    seq: core.store.nextSeq(),
    base_model: model.name,
    dataset,
    output,
    created_at: now.t,
    touched_at: now.t,
    plan: planFor("batch_job", core.durations, now.immediate),
    failure: core.failures.claim("batch_job", tenant.id, id, now.t),
    extra: {},
  };
  tenant.batch_jobs.set(id, job);
  return json(batchJobView(job, now));
};
