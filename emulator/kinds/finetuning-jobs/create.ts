import type { Model } from "../../catalogue/models.js";
import { requireModel } from "../../control-plane/handler.js";
import type { Call } from "../../core/context.js";
import { unprocessable } from "../../core/errors.js";
import { newUuid } from "../../core/ids.js";
import { planFor } from "../../lifecycle/durations.js";
import type { FinetuningJobRecord } from "./record.js";

export interface NewJob {
  baseModel: string;
  dataset: string;
  repo: string | null;
  adapterType: string;
  task: string;
  description: string | null;
  /** Field names as the caller's format spells them. */
  fields: { baseModel: string; adapterType: string; task: string; dataset: string; repo: string };
  platform?: Pick<FinetuningJobRecord, "params" | "continue_from">;
}

/** Whether `model` can train `task`; continued pretraining goes wherever SFT does. */
const supportsTask = (model: Model, task: string): boolean =>
  (model.supported_tasks as string[]).includes(task === "continued_pretraining" ? "sft" : task);

/** Checks the model, task, adapter type, dataset and repo, then stores a queued job (both formats). */
export function createJobRecord(call: Call, input: NewJob): FinetuningJobRecord {
  const { fields } = input;
  const model = requireModel(fields.baseModel, input.baseModel);
  if (!model.supports_finetuning)
    throw unprocessable(`${fields.baseModel}: ${model.name} does not support fine-tuning`);
  if (!supportsTask(model, input.task)) {
    throw unprocessable(
      `${fields.task}: ${model.name} does not support task "${input.task}" (supported: ${model.supported_tasks.join(", ")})`,
    );
  }
  if (!(model.adapter_types as string[]).includes(input.adapterType)) {
    const supported = model.adapter_types.join(", ");
    throw unprocessable(
      `${fields.adapterType}: ${model.name} does not support "${input.adapterType}" (supported: ${supported})`,
    );
  }
  const { core, now, tenant } = call;
  if (!tenant.datasets.has(input.dataset))
    throw unprocessable(`${fields.dataset}: dataset "${input.dataset}" not found`);
  if (input.repo !== null && !tenant.repos.has(input.repo)) {
    throw unprocessable(
      `${fields.repo}: repo "${input.repo}" not found; create it first with POST /v2/repos`,
    );
  }
  const id = newUuid();
  const job: FinetuningJobRecord = {
    id,
    seq: core.store.nextSeq(),
    base_model: model.name,
    dataset: input.dataset,
    repo: input.repo,
    adapter_type: input.adapterType,
    task: input.task,
    description: input.description,
    created_at: now.t,
    touched_at: now.t,
    plan: planFor("finetuning_job", core.durations, now.immediate),
    canceled_at: null,
    failure: core.failures.claim("finetuning_job", tenant.id, id, now.t),
    outcome: null,
    extra: {},
    ...(input.platform ?? {}),
  };
  tenant.finetuning_jobs.set(id, job);
  return job;
}
