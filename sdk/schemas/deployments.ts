import { z } from "zod";
import { nullish, OptionalTimestamp } from "./common.js";

/**
 * A dedicated deployment, whatever the wire format (sdk/wire/deployments.ts translates).
 * Statuses: `pending` → `initializing` → `ready`; `updating` after a settings change; `standby`
 * (0 replicas, scales up on request); `stopped` (not serving); `errored`; `deleting`. See status.ts.
 * Never carries the Hugging Face token: the platform always answers `hfToken: null`.
 */
export const DeploymentSchema = z.object({
  name: z.string(),
  base_model: z.string(),
  status: z.string(),
  uuid: z.string().optional(),
  /** `dedicated` (platform only). */
  type: nullish(z.string()),
  accelerator: nullish(z.string()),
  quantization: nullish(z.string()),
  min_replicas: nullish(z.number().int()),
  max_replicas: nullish(z.number().int()),
  current_replicas: nullish(z.number().int()),
  /** Seconds without requests before scaling down to min_replicas. */
  cooldown_time: nullish(z.number().int()),
  max_total_tokens: nullish(z.number().int()),
  max_input_length: nullish(z.number().int()),
  scale_up_request_threshold: nullish(z.number().int()),
  preloaded_adapters: nullish(z.array(z.string())),
  prefix_caching: nullish(z.boolean()),
  request_logging_enabled: nullish(z.boolean()),
  custom_args: nullish(z.array(z.string())),
  uses_guaranteed_capacity: nullish(z.boolean()),
  description: nullish(z.string()),
  created_at: OptionalTimestamp,
  updated_at: OptionalTimestamp,
  /** Why the deployment is `errored` (the platform's `errorText`). */
  error: nullish(z.string()),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

/** The settings `deployments.update` can change (PUT /v2/deployments/{name}, platform format only). */
export const DeploymentUpdateParamsSchema = z.object({
  description: z.string().optional(),
  min_replicas: z.number().int().optional(),
  max_replicas: z.number().int().optional(),
  cooldown_time: z.number().int().optional(),
  max_total_tokens: z.number().int().optional(),
  scale_up_request_threshold: z.number().int().optional(),
  preloaded_adapters: z.array(z.string()).optional(),
  prefix_caching: z.boolean().optional(),
  request_logging_enabled: z.boolean().optional(),
  custom_args: z.array(z.string()).optional(),
  /** Sent to the platform, never read back or logged. */
  hf_token: z.string().optional(),
});
export type DeploymentUpdateParams = z.input<typeof DeploymentUpdateParamsSchema>;

export const DeploymentCreateParamsSchema = DeploymentUpdateParamsSchema.extend({
  name: z.string(),
  base_model: z.string(),
  /** GPU id, e.g. `a10_24gb_100`; default: the model's smallest accelerator that fits. */
  accelerator: z.string().optional(),
  quantization: z.string().optional(),
  uses_guaranteed_capacity: z.boolean().optional(),
});
export type DeploymentCreateParams = z.input<typeof DeploymentCreateParamsSchema>;
