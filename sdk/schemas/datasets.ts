import { z } from "zod";
import { nullish, OptionalTimestamp } from "./common.js";

export const DatasetSchema = z.looseObject({
  name: z.string(),
  uuid: z.string().optional(),
  /** Where the data came from (file, s3://…), or null. */
  source: nullish(z.string()),
  /** `connected` once usable. */
  status: nullish(z.string()),
  created_at: OptionalTimestamp,
});
export type Dataset = z.infer<typeof DatasetSchema>;

export const DatasetCreateParamsSchema = z.object({
  name: z.string(),
  source: z.string().optional(),
});
export type DatasetCreateParams = z.input<typeof DatasetCreateParamsSchema>;
