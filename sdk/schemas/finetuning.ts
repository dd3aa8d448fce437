import { z } from "zod";
import { nullish, OptionalTimestamp } from "./common.js";

/**
 * A fine-tuning job, whatever the wire format (sdk/wire/finetuning.ts translates). Statuses:
 * `queued` → `training` → `completed`; `stopping`; `canceled`; `stopped`; `errored` (the SDK also
 * accepts `cancelled`, `failed`). `adapter_version` ("repo/N") is known from the create on the
 * platform, where the version tag is reserved when the job starts.
 */
export const FinetuningJobSchema = z.object({
  id: z.string(),
  status: z.string(),
  base_model: z.string(),
  uuid: z.string().optional(),
  dataset: nullish(z.string()),
  repo: nullish(z.string()),
  adapter_type: nullish(z.string()),
  task: nullish(z.string()),
  accelerator: nullish(z.string()),
  description: nullish(z.string()),
  created_at: OptionalTimestamp,
  updated_at: OptionalTimestamp,
  adapter_version: nullish(z.string()),
  target_version_tag: nullish(z.number().int()),
  error: nullish(z.string()),
});
export type FinetuningJob = z.infer<typeof FinetuningJobSchema>;

export const FinetuningJobCreateParamsSchema = z.object({
  base_model: z.string(),
  dataset: z.string(),
  /** Target repo: the trained adapter becomes its next version. */
  repo: z.string().optional(),
  adapter_type: z.enum(["lora", "turbo_lora", "turbo"]).optional(),
  task: z.enum(["sft", "continued_pretraining", "grpo"]).optional(),
  description: z.string().optional(),
  epochs: z.number().int().optional(),
  rank: z.number().int().optional(),
  learning_rate: z.number().optional(),
  lora_alpha: z.number().int().optional(),
  lora_dropout: z.number().optional(),
  target_modules: z.array(z.string()).optional(),
  effective_batch_size: z.number().int().optional(),
  warmup_ratio: z.number().optional(),
  apply_chat_template: z.boolean().optional(),
  enable_early_stopping: z.boolean().optional(),
  /** Continue training from an adapter version, "repo/N". */
  continue_from_version: z.string().optional(),
});
export type FinetuningJobCreateParams = z.input<typeof FinetuningJobCreateParamsSchema>;

/** When the job entered each status: `{ queued: { started_at }, training: { started_at }, … }`. */
export const FinetuningJobTimelineSchema = z.record(
  z.string(),
  z.object({ started_at: nullish(z.string()) }),
);
export type FinetuningJobTimeline = z.infer<typeof FinetuningJobTimelineSchema>;
