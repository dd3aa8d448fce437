// Public entry point: `import { Predibase } from "pulumi-predibase/sdk"`. Everything public is
// named here; internals (the request loop, the wire codecs, parsing helpers) stay unexported.

export { ACCELERATORS, acceleratorMemoryGb } from "./accelerators.js";
export { Predibase } from "./client.js";
export {
  DEFAULT_API_URL,
  DEFAULT_SERVING_URL,
  gatewayOf,
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
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  type APIErrorInit,
  APIResponseValidationError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  PredibaseConfigError,
  PredibaseError,
  RateLimitError,
  ServiceUnavailableError,
  TerminalStateError,
  UnprocessableEntityError,
  UnsupportedOperationError,
  type ValidationIssue,
  WaitTimeoutError,
} from "./errors.js";
export { BatchInferenceJobs, DEFAULT_BATCH_TIMEOUT_MS } from "./resources/batch-inference.js";
export { Datasets, DEFAULT_DATASET_UPLOAD_TIMEOUT_MS } from "./resources/datasets.js";
export {
  DEFAULT_DEPLOYMENT_DELETE_TIMEOUT_MS,
  DEFAULT_DEPLOYMENT_READY_TIMEOUT_MS,
  Deployments,
} from "./resources/deployments.js";
export { DEFAULT_FINETUNING_TIMEOUT_MS, FinetuningJobs } from "./resources/finetuning.js";
export { Models } from "./resources/models.js";
export { AdapterVersions, Repos } from "./resources/repos.js";
export type { WaitOptions } from "./resources/resource.js";
export { Users } from "./resources/users.js";
export {
  type BatchInferenceJob,
  type BatchInferenceJobCreateParams,
  BatchInferenceJobSchema,
  type BatchInferenceResults,
} from "./schemas/batch-inference.js";
export {
  type Dataset,
  type DatasetCreateParams,
  DatasetSchema,
  type DatasetUploadParams,
} from "./schemas/datasets.js";
export {
  type Deployment,
  type DeploymentCreateParams,
  DeploymentSchema,
  type DeploymentUpdateParams,
} from "./schemas/deployments.js";
export {
  type FinetuningJob,
  type FinetuningJobCreateParams,
  FinetuningJobSchema,
  type FinetuningJobTimeline,
} from "./schemas/finetuning.js";
export * from "./schemas/generate.js";
export { type Model, ModelSchema } from "./schemas/models.js";
export * from "./schemas/openai.js";
export {
  type AdapterVersion,
  type Repo,
  type RepoCreateParams,
  RepoSchema,
  type RepoVersion,
} from "./schemas/repos.js";
export type { CurrentUser } from "./schemas/users.js";
export {
  BATCH_FAILED_STATUSES,
  BATCH_SUCCESS_STATUSES,
  batchJobDone,
  DEPLOYMENT_FAILED_STATUSES,
  DEPLOYMENT_GONE_STATUSES,
  DEPLOYMENT_SERVING_STATUSES,
  DEPLOYMENT_STOPPED_STATUSES,
  deploymentReady,
  finetuningJobDone,
  isBatchFailed,
  isBatchSucceeded,
  isDeploymentFailed,
  isDeploymentServing,
  isDeploymentStopped,
  isJobFailed,
  isJobSucceeded,
  JOB_FAILED_STATUSES,
  JOB_SUCCESS_STATUSES,
} from "./status.js";
export { USER_AGENT, VERSION } from "./version.js";
export {
  type ConditionResult,
  type PollSchedule,
  type PollUntilOptions,
  pollUntil,
  systemClock,
  type WaitClock,
  type WaitProgress,
} from "./wait.js";
export { DEFAULT_WIRE_FORMAT, WIRE_FORMATS, type WireFormat } from "./wire/format.js";
