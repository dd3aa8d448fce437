import { z } from "zod";
import { nullish, OptionalTimestamp } from "./common.js";

/** One trained adapter in a repo; `adapter_id` ("repo/N") is what inference takes as adapter. */
export const RepoVersionSchema = z.object({
  tag: z.number().int(),
  adapter_id: z.string().optional(),
  base_model: nullish(z.string()),
  adapter_type: nullish(z.string()),
  finetuning_job_id: nullish(z.string()),
  status: nullish(z.string()),
  /** Archived versions are hidden from the console and the official client's listings. */
  archived: nullish(z.boolean()),
  created_at: OptionalTimestamp,
});
export type RepoVersion = z.infer<typeof RepoVersionSchema>;

export const RepoSchema = z.object({
  name: z.string(),
  uuid: z.string().optional(),
  description: nullish(z.string()),
  created_at: OptionalTimestamp,
  versions: z.array(RepoVersionSchema).optional(),
});
export type Repo = z.infer<typeof RepoSchema>;

export const RepoCreateParamsSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
});
export type RepoCreateParams = z.input<typeof RepoCreateParamsSchema>;

/** One adapter version read on its own (`repos.versions.get(repo, tag)`). */
export const AdapterVersionSchema = RepoVersionSchema.extend({
  repo: z.string(),
  adapter_id: z.string(),
  description: nullish(z.string()),
  /** Where the trained weights live; empty until training produced them. */
  adapter_path: nullish(z.string()),
  checkpoint: nullish(z.number().int()),
  /** The training job's error, when it failed. */
  error: nullish(z.string()),
});
export type AdapterVersion = z.infer<typeof AdapterVersionSchema>;
