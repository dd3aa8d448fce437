import {
  ANY_LIST,
  BOOLEAN,
  COMMON,
  INTEGER,
  type KindDocs,
  NUMBER,
  ref,
  STRING,
  STRINGS,
  TOKEN,
} from "./property-docs.js";

// One table per resource kind: the type and descriptions of each property, copied from the doc
// comments of provider/resources/*.ts.

export const adapterRepoDocs: KindDocs = {
  name: {
    type: STRING,
    input:
      "Platform name; auto-named when left out. Changing it replaces the repo (and deletes its versions).",
    output: "Platform name.",
    alwaysOutput: true,
  },
  description: {
    type: STRING,
    input: "Set at create; a later change is ignored, with a warning (there is no repo update).",
  },
  adoptExisting: {
    ...COMMON.adoptExisting,
    input: "Take over an existing repo of the same name and description instead of failing (default false).",
  },
  uuid: COMMON.uuid,
  createdAt: COMMON.createdAt,
  versions: {
    type: { type: "array", items: ref(TOKEN.adapterRepoVersion) },
    output: 'Trained versions: tag, adapterId ("repo/N"), baseModel, finetuningJobId, status, createdAt.',
    alwaysOutput: true,
  },
  versionCount: { type: INTEGER, output: "How many trained versions the repo holds.", alwaysOutput: true },
};

export const datasetDocs: KindDocs = {
  name: { type: STRING, input: "Platform name; auto-named when left out.", alwaysOutput: true },
  source: { type: STRING, input: 'Where the data comes from, e.g. "s3://bucket/train.jsonl".' },
  file: {
    type: STRING,
    input:
      'A local file to upload, e.g. "./data/train.jsonl" (relative to the program\'s directory). A change of ' +
      "its content replaces the dataset (a new name when auto-named); moving the file does not.",
  },
  adoptExisting: {
    ...COMMON.adoptExisting,
    input: "Take over an existing dataset of the same name and source instead of failing (default false).",
  },
  uuid: COMMON.uuid,
  status: { type: STRING, output: '"connected" once usable.', alwaysOutput: true },
  createdAt: COMMON.createdAt,
  fileHash: { type: STRING, output: "sha256 of the uploaded file's content (with `file`)." },
};

export const deploymentDocs: KindDocs = {
  name: {
    type: STRING,
    input: "Platform name; auto-named from the logical name when left out. Changing it replaces.",
    alwaysOutput: true,
  },
  baseModel: {
    type: STRING,
    input: 'Base model to serve, e.g. "llama-3-1-8b-instruct" (see getModels()).',
    alwaysOutput: true,
  },
  accelerator: {
    type: STRING,
    input: 'GPU, e.g. "a10_24gb_100"; default: the model\'s smallest that fits.',
    alwaysOutput: true,
  },
  quantization: {
    type: STRING,
    input: 'Weight quantization, e.g. "fp8" (platform default when left out). Changing it replaces.',
  },
  minReplicas: {
    type: INTEGER,
    input:
      "Replicas kept while idle; 0 scales to zero (default 0). Above 0 bills while idle. Updates in place.",
    alwaysOutput: true,
  },
  maxReplicas: {
    type: INTEGER,
    input: "Replica ceiling (platform default 1). Updates in place.",
    alwaysOutput: true,
  },
  description: { type: STRING, input: "Updates in place." },
  cooldownTime: {
    type: INTEGER,
    input: "Seconds without requests before scaling down to minReplicas. Updates in place.",
  },
  maxTotalTokens: { type: INTEGER, input: "Largest prompt plus completion, in tokens. Updates in place." },
  scaleUpRequestThreshold: {
    type: INTEGER,
    input: "Queued requests per replica that trigger a scale-up. Updates in place.",
  },
  preloadedAdapters: {
    type: STRINGS,
    input: 'Adapters ("repo/N") loaded at start instead of on first request. Updates in place.',
  },
  prefixCaching: {
    type: BOOLEAN,
    input: "Reuse the KV cache across requests that share a prefix. Updates in place.",
  },
  requestLoggingEnabled: {
    type: BOOLEAN,
    input: "Log requests and responses on the platform. Updates in place.",
  },
  customArgs: { type: STRINGS, input: "Extra arguments for the serving engine (LoRAX). Updates in place." },
  hfToken: {
    type: STRING,
    input:
      "Hugging Face token for gated or private base models. Always a secret: encrypted in state, never in " +
      "outputs or logs (the outputs keep only a keyed hash, to see a change). Updates in place.",
  },
  hfTokenHash: {
    type: STRING,
    output: "A keyed hash of hfToken, to see a change of it without keeping the token.",
  },
  waitForReady: { type: BOOLEAN, input: "Wait until the deployment serves (default true)." },
  deleteOnFailure: {
    type: BOOLEAN,
    input: "Delete a deployment that fails to start at once, so no GPU is left billing (default false).",
  },
  adoptExisting: {
    ...COMMON.adoptExisting,
    input:
      "Take over an existing deployment of the same name and settings instead of failing (default false).",
  },
  timeouts: { ...COMMON.timeouts, input: 'Defaults: create "90m", delete "30m".' },
  uuid: COMMON.uuid,
  currentReplicas: { type: INTEGER, output: "Replicas running now." },
  status: {
    type: STRING,
    output:
      "pending, initializing, ready, standby (scaled to zero), updating (an in-place change rolling out), " +
      "stopped (stopped in the console: kept as is, not replaced), errored, deleting.",
    alwaysOutput: true,
  },
  maxInputLength: { type: INTEGER, output: "Longest prompt the model takes, in tokens (platform)." },
  error: COMMON.error,
  createdAt: COMMON.createdAt,
  updatedAt: COMMON.updatedAt,
  openaiBaseUrl: {
    type: STRING,
    output: 'Base URL for OpenAI clients: `…/v1`. Query an adapter with `model: "repo/N"`.',
  },
  generateUrl: { type: STRING, output: "The native `/generate` URL." },
};

const TRAINING_SETTING =
  "Training settings (platform defaults when left out). Changing any of them trains a new job.";

export const fineTuningJobDocs: KindDocs = {
  baseModel: {
    type: STRING,
    input: "Base model to fine-tune (must support fine-tuning; see getModels()).",
    alwaysOutput: true,
  },
  dataset: { type: STRING, input: "Dataset name to train on.", alwaysOutput: true },
  repo: {
    type: STRING,
    input: "Adapter repo the trained version goes into (as `repo/N`).",
    alwaysOutput: true,
  },
  adapterType: {
    type: STRING,
    inputType: ref(TOKEN.adapterType),
    input: '"lora" (default), "turbo_lora" or "turbo".',
    alwaysOutput: true,
  },
  task: {
    type: STRING,
    inputType: ref(TOKEN.task),
    input: '"sft" (default), "continued_pretraining" or "grpo".',
    alwaysOutput: true,
  },
  description: { type: STRING, input: "A description of the job (changing it trains a new job)." },
  epochs: { type: INTEGER, input: TRAINING_SETTING },
  rank: { type: INTEGER, input: "LoRA rank." },
  learningRate: { type: NUMBER, input: "Learning rate." },
  loraAlpha: { type: INTEGER, input: "LoRA alpha (scaling of the adapter's update)." },
  loraDropout: { type: NUMBER, input: "LoRA dropout probability." },
  targetModules: { type: STRINGS, input: 'Modules the adapter trains, e.g. ["q_proj", "v_proj"].' },
  effectiveBatchSize: { type: INTEGER, input: "Examples per optimizer step." },
  warmupRatio: { type: NUMBER, input: "Share of the steps spent warming up the learning rate." },
  applyChatTemplate: { type: BOOLEAN, input: "Apply the base model's chat template to the examples." },
  enableEarlyStopping: { type: BOOLEAN, input: "Stop early when the evaluation loss stops improving." },
  continueFromVersion: {
    type: STRING,
    input: 'Continue training from an adapter version, "repo/N" (e.g. another job\'s adapterVersion).',
  },
  triggers: {
    type: ANY_LIST,
    input: "Any value; changing it starts a new training run (a completed job is otherwise never re-run).",
  },
  waitForCompletion: {
    type: BOOLEAN,
    input: "Wait until training completes (default true); false returns as soon as the job is queued.",
  },
  timeouts: { ...COMMON.timeouts, input: 'Default: create "24h".' },
  uuid: COMMON.uuid,
  status: {
    type: STRING,
    output: "queued, training, stopping, completed, errored, canceled, stopped.",
    alwaysOutput: true,
  },
  adapterVersion: {
    type: STRING,
    output:
      '"repo/N", known from create on (the platform reserves the version when the job starts); it serves ' +
      'once `status` is "completed". Use it as `model` on the deployment\'s OpenAI routes.',
  },
  targetVersionTag: { type: INTEGER, output: "The version number N the job trains into (`repo/N`)." },
  error: COMMON.error,
  createdAt: COMMON.createdAt,
  updatedAt: COMMON.updatedAt,
};

export const batchInferenceJobDocs: KindDocs = {
  baseModel: { type: STRING, input: "Base model (at most 16B parameters).", alwaysOutput: true },
  dataset: { type: STRING, input: "Dataset of requests in the OpenAI batch format.", alwaysOutput: true },
  output: { type: STRING, input: "Where results go (platform default when left out)." },
  triggers: { type: ANY_LIST, input: "Any value; changing it runs a new job." },
  waitForCompletion: { type: BOOLEAN, input: "Wait until the job completes (default true)." },
  timeouts: { ...COMMON.timeouts, input: 'Default: create "12h".' },
  uuid: COMMON.uuid,
  status: { type: STRING, output: "queued, running, completed, errored.", alwaysOutput: true },
  resultPath: { type: STRING, output: "Where the results are, once completed." },
  error: COMMON.error,
  createdAt: COMMON.createdAt,
  updatedAt: COMMON.updatedAt,
};
