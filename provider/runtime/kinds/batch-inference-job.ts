import { type BatchInferenceJob, batchJobDone, isBatchFailed, isBatchSucceeded } from "../../../sdk/index.js";
import { settle } from "../awaiting.js";
import { findModel } from "../catalogue.js";
import { checkTimeouts, timeoutMs } from "../durations.js";
import { unlessGone } from "../gone.js";
import { type KindSpec, providerOnly } from "../kind.js";
import { camelize, defined } from "../outputs.js";
import { validateForCreate } from "../revalidate.js";
import { platform } from "../settings.js";
import {
  checkBoolean,
  checkName,
  checkOptionalString,
  checkRequiredString,
  isUnknown,
  type Props,
} from "../validate.js";

const CREATE_TIMEOUT_MS = 12 * 3_600_000;
/** Batch inference runs only on base models up to this size (platform-facts §4). */
const MAX_BATCH_MODEL_BILLIONS = 16;

export const batchInferenceJobSpec: KindSpec = {
  label: "BatchInferenceJob",
  platformInputs: ["baseModel", "dataset", "output", "triggers"],
  providerInputs: ["waitForCompletion", "timeouts"],
  named: false,

  async validate(p, f) {
    checkRequiredString(f, p, "baseModel", "name a base model of at most 16B parameters (see getModels())");
    checkRequiredString(f, p, "dataset", "name the Dataset holding the requests (OpenAI batch format)");
    checkName(f, p, "dataset");
    checkOptionalString(f, p, "output");
    checkBoolean(f, p, "waitForCompletion");
    checkTimeouts(f, p);
    if (typeof p.baseModel !== "string" || isUnknown(p.baseModel)) return;
    const model = await findModel(f, "baseModel", p.baseModel);
    const size = model?.parameters_billions;
    if (model && typeof size === "number" && size > MAX_BATCH_MODEL_BILLIONS) {
      f.add(
        "baseModel",
        `${model.name} has ${size}B parameters; batch inference takes base models of at most ${MAX_BATCH_MODEL_BILLIONS}B`,
      );
    }
  },

  async create(inputs) {
    await validateForCreate(batchInferenceJobSpec, inputs);
    const job = await platform().batchInference.jobs.create({
      base_model: String(inputs.baseModel),
      dataset: String(inputs.dataset),
      output: inputs.output as string | undefined,
    });
    return { id: job.id, outs: await settleJob(inputs, job, "create") };
  },

  async read(id, props) {
    const job = await unlessGone(() => platform().batchInference.jobs.get(id));
    if (!job) return {};
    const inputs = defined({
      ...providerOnly(batchInferenceJobSpec, props),
      baseModel: job.base_model,
      dataset: job.dataset ?? undefined,
      output: props.output === undefined ? undefined : (job.output ?? undefined),
      triggers: props.triggers,
    });
    return { id, props: outputs(props, job), inputs };
  },

  async update(id, _olds, news) {
    const job = await platform().batchInference.jobs.get(id);
    return { outs: await settleJob(news, job, "update") };
  },

  async delete(id, props) {
    console.log(
      `BatchInferenceJob ${id} (${String(props.status ?? "unknown")}) removed from the stack only: ` +
        "the API has no delete for batch jobs, so it stays on Predibase.",
    );
  },

  replaceBecause(olds) {
    if (!isBatchFailed({ status: String(olds.status ?? "") })) return undefined;
    return `it is ${String(olds.status)}${olds.error ? `: ${String(olds.error)}` : ""}`;
  },
};

function settleJob(props: Props, job: BatchInferenceJob, phase: "create" | "update"): Promise<Props> {
  return settle({
    props,
    current: job,
    id: job.id,
    phase,
    skip: props.waitForCompletion === false || isBatchSucceeded(job),
    wait: {
      resource: `BatchInferenceJob ${job.id}`,
      goal: "running",
      fetch: (signal) => platform().batchInference.jobs.get(job.id, { signal }),
      condition: batchJobDone,
      timeoutMs: timeoutMs(props, "create", CREATE_TIMEOUT_MS),
    },
    outputs: (last) => outputs(props, last),
    afterFailure: "the next `pulumi up` starts a new job to replace it",
  });
}

function outputs(props: Props, job: BatchInferenceJob): Props {
  return defined({
    ...providerOnly(batchInferenceJobSpec, props),
    triggers: props.triggers,
    ...(camelize(job) as Props),
  });
}
