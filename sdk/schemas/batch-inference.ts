import { z } from "zod";
import { nullish, OptionalTimestamp } from "./common.js";

/**
 * A batch inference job: `queued` → `running` → `completed` (then `result_path` is set); terminal
 * failures `failed`/`errored`, `cancelled`/`canceled`, `stopped`.
 */
export const BatchInferenceJobSchema = z.object({
  id: z.string(),
  status: z.string(),
  base_model: z.string(),
  uuid: z.string().optional(),
  dataset: nullish(z.string()),
  output: nullish(z.string()),
  result_path: nullish(z.string()),
  created_at: OptionalTimestamp,
  updated_at: OptionalTimestamp,
  error: nullish(z.string()),
});
export type BatchInferenceJob = z.infer<typeof BatchInferenceJobSchema>;

export const BatchInferenceJobCreateParamsSchema = z.object({
  base_model: z.string(),
  dataset: z.string(),
  /** Where results go (spec format only); default `s3://predibase-batch/<id>/results.jsonl`. */
  output: z.string().optional(),
});
export type BatchInferenceJobCreateParams = z.input<typeof BatchInferenceJobCreateParamsSchema>;

/** Where to download a finished job's results (`batchInference.jobs.results(id)`). */
export const BatchInferenceResultsSchema = z.object({ url: z.string() });
export type BatchInferenceResults = z.infer<typeof BatchInferenceResultsSchema>;
