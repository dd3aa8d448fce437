import { z } from "zod";
import { nullish, OptionalTimestamp } from "./common.js";

/**
 * A fine-tuning job. Statuses: `queued` → `training` → `completed`; `canceled`; `errored` (the
 * SDK also accepts `cancelled`, `stopped`, `stopping`). On completion with a `repo`, the new
 * adapter is `adapter_version` ("repo/N").
 */
export const FinetuningJobSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  base_model: z.string(),
  uuid: z.string().optional(),
  dataset: nullish(z.string()),
  repo: nullish(z.string()),
  adapter_type: nullish(z.string()),
  task: nullish(z.string()),
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
  adapter_type: z.enum(["lora", "turbo_lora"]).optional(),
  task: z.enum(["sft", "grpo"]).optional(),
  description: z.string().optional(),
});
export type FinetuningJobCreateParams = z.input<typeof FinetuningJobCreateParamsSchema>;
