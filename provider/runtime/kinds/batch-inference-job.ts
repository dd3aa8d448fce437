import type { BatchInferenceJob } from "../../../sdk/index.js";
import { settle } from "../awaiting.js";
import { checkedBefore, findModel } from "../catalogue.js";
import { checkTimeouts, timeoutMs } from "../durations.js";
import { type KindSpec, outputsOf } from "../kind.js";
import { validateForCreate } from "../revalidate.js";
import { platform } from "../settings.js";
import { batchSettled, batchStatus } from "../statuses.js";
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

export const batchInferenceJobSpec: KindSpec<BatchInferenceJob> = {
  label: "BatchInferenceJob",
  named: false,
  fields: [
    { input: "baseModel", wire: "base_model", onChange: "replace" },
    { input: "dataset", wire: "dataset", onChange: "replace" },
    { input: "output", wire: "output", onChange: "replace" },
    { input: "triggers", wire: null, onChange: "replace" },
  ],
  providerInputs: ["waitForCompletion", "timeouts"],
  outputs: {
    uuid: "uuid",
    status: "status",
    baseModel: "base_model",
    dataset: "dataset",
    output: "output",
    resultPath: "result_path",
    error: "error",
    createdAt: "created_at",
    updatedAt: "updated_at",
  },
  get: async (id) => (await platform()).batchInference.jobs.get(id),

  async validate(p, f, olds) {
    checkRequiredString(f, p, "baseModel", "name a base model of at most 16B parameters (see getModels())");
    checkRequiredString(f, p, "dataset", "name the Dataset holding the requests (OpenAI batch format)");
    checkName(f, p, "dataset");
    checkOptionalString(f, p, "output");
    checkBoolean(f, p, "waitForCompletion");
    checkTimeouts(f, p);
    if (typeof p.baseModel !== "string" || isUnknown(p.baseModel)) return;
    if (checkedBefore(olds, p, ["baseModel"])) return;
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
    const job = await (await platform()).batchInference.jobs.create({
      base_model: String(inputs.baseModel),
      dataset: String(inputs.dataset),
      output: inputs.output as string | undefined,
    });
    return { id: job.id, outs: await settleJob(inputs, job) };
  },

  async update(id, _olds, news) {
    const job = await (await platform()).batchInference.jobs.get(id);
    return { outs: await settleJob(news, job) };
  },

  async delete(id, props) {
    console.log(
      `BatchInferenceJob ${id} (${String(props.status ?? "unknown")}) removed from the stack only: ` +
        "the API has no delete for batch jobs, so it stays on Predibase.",
    );
  },

  replaceBecause(olds) {
    if (!batchStatus.failed(olds.status)) return undefined;
    return `it is ${String(olds.status)}${olds.error ? `: ${String(olds.error)}` : ""}`;
  },
};

function settleJob(props: Props, job: BatchInferenceJob): Promise<Props> {
  return settle({
    props,
    current: job,
    id: job.id,
    skip: props.waitForCompletion === false || batchStatus.succeeded(job.status),
    wait: {
      resource: `BatchInferenceJob ${job.id}`,
      goal: "running",
      fetch: async (signal) => (await platform()).batchInference.jobs.get(job.id, { signal }),
      condition: batchSettled,
      timeoutMs: timeoutMs(props, "create", CREATE_TIMEOUT_MS),
    },
    outputs: (last) => outputsOf(batchInferenceJobSpec, props, last),
    afterFailure: "the next `pulumi up` starts a new job to replace it",
  });
}
