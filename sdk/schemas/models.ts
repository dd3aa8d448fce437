import { z } from "zod";
import { nullish } from "./common.js";

/** A supported base model; `name` is the short id used as `base_model`. */
export const ModelSchema = z.object({
  name: z.string(),
  hf_id: nullish(z.string()),
  parameters_billions: nullish(z.number()),
  context_window: nullish(z.number().int()),
  supports_finetuning: nullish(z.boolean()),
  supported_tasks: nullish(z.array(z.string())),
  adapter_types: nullish(z.array(z.string())),
  servable: nullish(z.boolean()),
  min_accelerator: nullish(z.string()),
  min_gpu_memory_gb: nullish(z.number()),
});
export type Model = z.infer<typeof ModelSchema>;
