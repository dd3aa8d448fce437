// Public entry point: `import { Predibase } from "pulumi-predibase/sdk"`.

export * from "./accelerators.js";
export { Predibase } from "./client.js";
export {
  DEFAULT_API_URL,
  DEFAULT_SERVING_URL,
  type PredibaseOptions,
  type ResolvedConfig,
  resolveConfig,
} from "./config.js";
export type { RequestOptions } from "./core/api-client.js";
export { statusForErrorType } from "./core/error-body.js";
export { CLOCK_SKEW_MS } from "./core/idempotency.js";
export { isRetryable, mayHaveReachedServer, retryAfterMs, retryDelayMs } from "./core/retry.js";
export { type ServerSentEvent, SSEDecoder } from "./core/sse.js";
export { Stream } from "./core/stream.js";
export { ChatCompletions } from "./data-plane/chat.js";
export { Completions } from "./data-plane/completions.js";
export { DeploymentClient } from "./data-plane/deployment-client.js";
export * from "./errors.js";
export { BatchInferenceJobs, DEFAULT_BATCH_TIMEOUT_MS } from "./resources/batch-inference.js";
export { Datasets } from "./resources/datasets.js";
export {
  DEFAULT_DEPLOYMENT_DELETE_TIMEOUT_MS,
  DEFAULT_DEPLOYMENT_READY_TIMEOUT_MS,
  Deployments,
} from "./resources/deployments.js";
export { DEFAULT_FINETUNING_TIMEOUT_MS, FinetuningJobs } from "./resources/finetuning.js";
export { Models } from "./resources/models.js";
export { Repos } from "./resources/repos.js";
export type { WaitOptions } from "./resources/resource.js";
export * from "./schemas/batch-inference.js";
export * from "./schemas/datasets.js";
export * from "./schemas/deployments.js";
export * from "./schemas/finetuning.js";
export * from "./schemas/generate.js";
export * from "./schemas/models.js";
export * from "./schemas/openai.js";
export * from "./schemas/repos.js";
export * from "./status.js";
export { USER_AGENT, VERSION } from "./version.js";
export * from "./wait.js";
