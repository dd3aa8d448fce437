import { conflict, unprocessable } from "../core/errors.js";
import { newUuid } from "../core/ids.js";
import { json } from "../http/reply.js";
import type { Router } from "../http/router.js";
import { planFor } from "../lifecycle/durations.js";
import { finetuningStatus, TERMINAL_JOB_STATUSES } from "../lifecycle/jobs.js";
import type { FinetuningJobRecord } from "../state/records.js";
import { finetuningJobView } from "../state/views.js";
import { FieldReader } from "../validation/fields.js";
import { type Handler, limited, mustGet, requireModel } from "./handler.js";

const LABEL = "finetuning job";

/** Fine-tuning jobs: queued → training → completed, adding version N to the target repo. */
export function registerFinetuning(router: Router<Handler>): void {
  router
    .on("POST", "/finetuning/jobs", createJob)
    .on("GET", "/finetuning/jobs", (call) => {
      const jobs = [...call.tenant.finetuning_jobs.values()].map((j) => finetuningJobView(j, call.now));
      return json({ data: { jobs: limited(jobs, call.query) } });
    })
    .on("GET", "/finetuning/jobs/:id", (call) =>
      json(finetuningJobView(mustGet(call.tenant.finetuning_jobs, call.params.id ?? "", LABEL), call.now)),
    )
    .on("POST", "/finetuning/jobs/:id/cancel", (call) => {
      const id = call.params.id ?? "";
      const job = mustGet(call.tenant.finetuning_jobs, id, LABEL);
      const { status } = finetuningStatus(job, call.now);
      if (TERMINAL_JOB_STATUSES.includes(status)) {
        throw conflict(`${LABEL} ${id} is already ${status}; only queued or training jobs can be canceled`);
      }
      job.canceled_at = call.now.t;
      job.touched_at = call.now.t;
      return json(finetuningJobView(job, call.now));
    });
}

const createJob: Handler = (call) => {
  const body = FieldReader.of(call.body);
  const baseModel = body.string("base_model", { required: true });
  const dataset = body.string("dataset", { required: true });
  const repo = body.string("repo") ?? null;
  const adapterType = body.string("adapter_type", { oneOf: ["lora", "turbo_lora"] }) ?? "lora";
  const task = body.string("task", { oneOf: ["sft", "grpo"] }) ?? "sft";
  const description = body.string("description") ?? null;
  const model = requireModel("base_model", baseModel);
  if (!model.supports_finetuning)
    throw unprocessable(`base_model: ${model.name} does not support fine-tuning`);
  if (!(model.supported_tasks as string[]).includes(task)) {
    throw unprocessable(
      `task: ${model.name} does not support task "${task}" (supported: ${model.supported_tasks.join(", ")})`,
    );
  }
  if (!(model.adapter_types as string[]).includes(adapterType)) {
    const supported = model.adapter_types.join(", ");
    throw unprocessable(
      `adapter_type: ${model.name} does not support "${adapterType}" (supported: ${supported})`,
    );
  }
  const { core, now, tenant } = call;
  if (!tenant.datasets.has(dataset)) throw unprocessable(`dataset: dataset "${dataset}" not found`);
  if (repo !== null && !tenant.repos.has(repo)) {
    throw unprocessable(`repo: repo "${repo}" not found; create it first with POST /v2/repos`);
  }
  const id = newUuid();
  const job: FinetuningJobRecord = {
    id,
    seq: core.store.nextSeq(),
    base_model: model.name,
    dataset,
    repo,
    adapter_type: adapterType,
    task,
    description,
    created_at: now.t,
    touched_at: now.t,
    plan: planFor("finetuning_job", core.durations, now.immediate),
    canceled_at: null,
    failure: core.failures.claim("finetuning_job", tenant.id, id, now.t),
    outcome: null,
    extra: {},
  };
  tenant.finetuning_jobs.set(id, job);
  return json(finetuningJobView(job, now));
};
