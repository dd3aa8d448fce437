import { z } from "zod";
import { nullish, OptionalTimestamp } from "./common.js";

export const DatasetSchema = z.object({
  name: z.string(),
  uuid: z.string().optional(),
  /** Where the data came from (file, s3://…), or null. */
  source: nullish(z.string()),
  /** `connected` once usable. */
  status: nullish(z.string()),
  /** The connection it belongs to (platform): uploads live in `file_uploads`. */
  connection_name: nullish(z.string()),
  connection_type: nullish(z.string()),
  created_at: OptionalTimestamp,
});
export type Dataset = z.infer<typeof DatasetSchema>;

export const DatasetCreateParamsSchema = z.object({
  name: z.string(),
  source: z.string().optional(),
});
export type DatasetCreateParams = z.input<typeof DatasetCreateParamsSchema>;

export const DatasetUploadParamsSchema = z.object({
  name: z.string(),
  /** Path of a local file (CSV, JSONL, …). */
  file: z.string(),
  /** Content type of the upload; default guessed from the file extension, else `text/plain`. */
  mimeType: z.string().optional(),
});
export type DatasetUploadParams = z.input<typeof DatasetUploadParamsSchema>;
