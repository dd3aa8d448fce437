import { NotFoundError } from "../../../sdk/errors.js";
import type { FinetuningJob, FinetuningJobCreateParams } from "../../../sdk/index.js";
import { settle } from "../awaiting.js";
import { checkedBefore, findModel } from "../catalogue.js";
import { checkTimeouts, timeoutMs } from "../durations.js";
import { unlessGone } from "../gone.js";
import { type KindSpec, outputsOf, wireParams } from "../kind.js";
import { validateForCreate } from "../revalidate.js";
import { platform } from "../settings.js";
import { jobSettled, jobStatus } from "../statuses.js";
import {
  checkBoolean,
  checkEnum,
  checkInteger,
  checkName,
  checkNumber,
  checkOptionalString,
  checkRequiredString,
  checkStringList,
  isUnknown,
  type Props,
} from "../validate.js";

/** Trainings run for hours; a day before the provider stops waiting (the job keeps training). */
const CREATE_TIMEOUT_MS = 24 * 3_600_000;
export const ADAPTER_TYPES = ["lora", "turbo_lora", "turbo"] as const;
export const TASKS = ["sft", "continued_pretraining", "grpo"] as const;
/** An adapter version to continue from: "repo/N". */
const VERSION_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\/\d+$/;

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
    { input: "epochs", wire: "epochs", onChange: "replace", kept: true },
    { input: "rank", wire: "rank", onChange: "replace", kept: true },
    { input: "learningRate", wire: "learning_rate", onChange: "replace", kept: true },
    { input: "loraAlpha", wire: "lora_alpha", onChange: "replace", kept: true },
    { input: "loraDropout", wire: "lora_dropout", onChange: "replace", kept: true },
    { input: "targetModules", wire: "target_modules", onChange: "replace", kept: true },
    { input: "effectiveBatchSize", wire: "effective_batch_size", onChange: "replace", kept: true },
    { input: "warmupRatio", wire: "warmup_ratio", onChange: "replace", kept: true },
    { input: "applyChatTemplate", wire: "apply_chat_template", onChange: "replace", kept: true },
    { input: "enableEarlyStopping", wire: "enable_early_stopping", onChange: "replace", kept: true },
    { input: "continueFromVersion", wire: "continue_from_version", onChange: "replace", kept: true },
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
  // The platform reserves the version tag when the job starts, so "repo/N" is known from create on;
  // it serves only once the job completed (wait for it, or check `status`).
  derivedOutputs: (job) => ({
    adapterVersion:
      job.adapter_version ??
      (job.repo && job.target_version_tag != null ? `${job.repo}/${job.target_version_tag}` : undefined),
  }),
  get: async (id) => (await platform()).finetuning.jobs.get(id),

  async validate(p, f, olds) {
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
    checkInteger(f, p, "epochs", 1, 1000);
    checkInteger(f, p, "rank", 1, 1024);
    checkNumber(f, p, "learningRate", 0, 1);
    checkInteger(f, p, "loraAlpha", 1, 4096);
    checkNumber(f, p, "loraDropout", 0, 1);
    checkStringList(f, p, "targetModules");
    checkInteger(f, p, "effectiveBatchSize", 1, 65_536);
    checkNumber(f, p, "warmupRatio", 0, 1);
    checkBoolean(f, p, "applyChatTemplate");
    checkBoolean(f, p, "enableEarlyStopping");
    const from = p.continueFromVersion;
    if (from !== undefined && !isUnknown(from) && (typeof from !== "string" || !VERSION_PATTERN.test(from))) {
      f.add(
        "continueFromVersion",
        `${JSON.stringify(from)} is not an adapter version: write it as "repo/N", e.g. job.adapterVersion`,
      );
    }
    checkTimeouts(f, p);
    if (typeof p.baseModel !== "string" || isUnknown(p.baseModel)) return;
    if (checkedBefore(olds, p, ["baseModel", "task", "adapterType"])) return;
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
    // Continued pretraining trains the same way as sft: a model that takes sft takes it.
    const needed = task === "continued_pretraining" ? "sft" : task;
    if (model.supported_tasks && !isUnknown(p.task) && !model.supported_tasks.includes(needed)) {
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
    const job = await (await platform()).finetuning.jobs.create(
      wireParams(finetuningJobSpec, inputs) as FinetuningJobCreateParams,
    );
    console.log(
      `FineTuningJob ${job.id}: started training ${job.base_model} on ${job.dataset} into ${job.repo}`,
    );
    return { id: job.id, outs: await settleJob(inputs, job) };
  },

  async update(id, _olds, news) {
    // A completed job is never re-run; an unfinished one is waited for again.
    const job = await (await platform()).finetuning.jobs.get(id);
    return { outs: await settleJob(news, job) };
  },

  async delete(id, props) {
    const status = String(props.status ?? "");
    const job = await unlessGone(async () => (await platform()).finetuning.jobs.get(id));
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
      await (await platform()).finetuning.jobs.cancel(id);
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
      fetch: async (signal) => (await platform()).finetuning.jobs.get(job.id, { signal }),
      condition: jobSettled,
      timeoutMs: timeoutMs(props, "create", CREATE_TIMEOUT_MS),
    },
    outputs: (last) => outputsOf(finetuningJobSpec, props, last),
    afterFailure: "the next `pulumi up` starts a new job to replace it",
  });
}
