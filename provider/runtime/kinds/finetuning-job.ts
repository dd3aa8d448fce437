import { type FinetuningJob, NotFoundError } from "../../../sdk/index.js";
import { settle } from "../awaiting.js";
import { findModel } from "../catalogue.js";
import { checkTimeouts, timeoutMs } from "../durations.js";
import { unlessGone } from "../gone.js";
import { type KindSpec, outputsOf } from "../kind.js";
import { validateForCreate } from "../revalidate.js";
import { platform } from "../settings.js";
import { jobSettled, jobStatus } from "../statuses.js";
import {
  checkBoolean,
  checkEnum,
  checkName,
  checkOptionalString,
  checkRequiredString,
  isUnknown,
  type Props,
} from "../validate.js";

/** Trainings run for hours; a day before the provider stops waiting (the job keeps training). */
const CREATE_TIMEOUT_MS = 24 * 3_600_000;
export const ADAPTER_TYPES = ["lora", "turbo_lora"] as const;
export const TASKS = ["sft", "grpo"] as const;

export const finetuningJobSpec: KindSpec<FinetuningJob> = {
  label: "FineTuningJob",
  named: false,
  // A job cannot be changed once started: every platform input starts a new training run.
  fields: [
    { input: "baseModel", wire: "base_model", onChange: "replace" },
    { input: "dataset", wire: "dataset", onChange: "replace" },
    { input: "repo", wire: "repo", onChange: "replace" },
    { input: "adapterType", wire: "adapter_type", onChange: "replace" },
    { input: "task", wire: "task", onChange: "replace" },
    { input: "description", wire: "description", onChange: "replace" },
    { input: "triggers", wire: null, onChange: "replace" },
  ],
  providerInputs: ["waitForCompletion", "timeouts"],
  outputs: {
    uuid: "uuid",
    status: "status",
    baseModel: "base_model",
    dataset: "dataset",
    repo: "repo",
    adapterType: "adapter_type",
    task: "task",
    description: "description",
    targetVersionTag: "target_version_tag",
    error: "error",
    createdAt: "created_at",
    updatedAt: "updated_at",
  },
  // Only a finished training produces something that can be served.
  derivedOutputs: (job) => ({
    adapterVersion: jobStatus.succeeded(job.status) ? (job.adapter_version ?? undefined) : undefined,
  }),
  get: (id) => platform().finetuning.jobs.get(id),

  async validate(p, f) {
    checkRequiredString(f, p, "baseModel", "name a base model that supports fine-tuning (see getModels())");
    checkRequiredString(f, p, "dataset", "name the Dataset to train on (e.g. dataset.name)");
    checkRequiredString(
      f,
      p,
      "repo",
      "name the AdapterRepo the trained adapter version goes into (e.g. repo.name)",
    );
    checkName(f, p, "dataset");
    checkName(f, p, "repo");
    checkEnum(f, p, "adapterType", ADAPTER_TYPES);
    checkEnum(f, p, "task", TASKS);
    checkOptionalString(f, p, "description");
    checkBoolean(f, p, "waitForCompletion");
    checkTimeouts(f, p);
    if (typeof p.baseModel !== "string" || isUnknown(p.baseModel)) return;
    const model = await findModel(f, "baseModel", p.baseModel);
    if (!model) return;
    if (model.supports_finetuning === false) {
      f.add(
        "baseModel",
        `${model.name} cannot be fine-tuned: choose a model whose supports_finetuning is true`,
      );
      return;
    }
    const task = typeof p.task === "string" ? p.task : "sft";
    if (model.supported_tasks && !isUnknown(p.task) && !model.supported_tasks.includes(task)) {
      f.add(
        "task",
        `${model.name} does not support task "${task}": use one of ${model.supported_tasks.join(", ")}`,
      );
    }
    const adapter = typeof p.adapterType === "string" ? p.adapterType : "lora";
    if (model.adapter_types && !isUnknown(p.adapterType) && !model.adapter_types.includes(adapter)) {
      f.add(
        "adapterType",
        `${model.name} does not support adapterType "${adapter}": use one of ${model.adapter_types.join(", ")}`,
      );
    }
  },

  async create(inputs) {
    await validateForCreate(finetuningJobSpec, inputs);
    // The SDK makes this create safe to retry: a job has a server-side id, so before retrying an
    // attempt that may have reached the platform it looks for the job that attempt created.
    const job = await platform().finetuning.jobs.create({
      base_model: String(inputs.baseModel),
      dataset: String(inputs.dataset),
      repo: inputs.repo as string,
      adapter_type: inputs.adapterType as "lora" | "turbo_lora" | undefined,
      task: inputs.task as "sft" | "grpo" | undefined,
      description: inputs.description as string | undefined,
    });
    console.log(
      `FineTuningJob ${job.id}: started training ${job.base_model} on ${job.dataset} into ${job.repo}`,
    );
    return { id: job.id, outs: await settleJob(inputs, job) };
  },

  async update(id, _olds, news) {
    // A completed job is never re-run; an unfinished one is waited for again.
    const job = await platform().finetuning.jobs.get(id);
    return { outs: await settleJob(news, job) };
  },

  async delete(id, props) {
    const status = String(props.status ?? "");
    const job = await unlessGone(() => platform().finetuning.jobs.get(id));
    if (!job) return;
    if (jobStatus.succeeded(job.status) || jobStatus.failed(job.status) || jobStatus.ending(job.status)) {
      const kept = job.adapter_version
        ? `; the adapter version it trained, ${job.adapter_version}, belongs to repo ${job.repo}`
        : "";
      console.log(
        `FineTuningJob ${id} (${job.status}) removed from the stack; jobs cannot be deleted${kept}.`,
      );
      return;
    }
    try {
      await platform().finetuning.jobs.cancel(id);
      console.log(`FineTuningJob ${id} was ${job.status || status}: canceled it, so it stops using GPUs.`);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  },

  replaceBecause(olds) {
    if (!jobStatus.failed(olds.status)) return undefined;
    return `it is ${String(olds.status)}${olds.error ? `: ${String(olds.error)}` : ""}`;
  },

  async replaceWarning(id, olds) {
    if (!jobStatus.succeeded(olds.status)) return undefined;
    return (
      `replacing completed FineTuningJob ${id} starts a new training run (GPU hours) and a new ` +
      `adapter version; ${olds.adapterVersion ? `${String(olds.adapterVersion)} stays in the repo, ` : ""}` +
      "but this stack's adapterVersion output will move to the new one"
    );
  },
};

function settleJob(props: Props, job: FinetuningJob): Promise<Props> {
  return settle({
    props,
    current: job,
    id: job.id,
    skip: props.waitForCompletion === false || jobStatus.succeeded(job.status),
    wait: {
      resource: `FineTuningJob ${job.id}`,
      goal: "training",
      fetch: (signal) => platform().finetuning.jobs.get(job.id, { signal }),
      condition: jobSettled,
      timeoutMs: timeoutMs(props, "create", CREATE_TIMEOUT_MS),
    },
    outputs: (last) => outputsOf(finetuningJobSpec, props, last),
    afterFailure: "the next `pulumi up` starts a new job to replace it",
  });
}
