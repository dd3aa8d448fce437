import type { Extra } from "../extra.js";

export interface RepoVersion {
  tag: number;
  adapter_id: string;
  base_model: string;
  adapter_type: string;
  finetuning_job_id: string | null;
  /**
   * `ready` once trained (or uploaded); `pending` while the fine-tuning job that reserved the tag
   * (platform format, docs/platform-wire.md §4) has not finished; then its end status.
   */
  status: string;
  created_at: number;
  // Platform-format fields (optional so older state files load).
  archived?: boolean;
  description?: string | null;
}

export interface RepoRecord {
  uuid: string;
  name: string;
  description: string | null;
  created_at: number;
  versions: RepoVersion[];
  extra: Extra;
}

/** The next free tag: one above every tag used or reserved so far. */
export const nextTag = (repo: RepoRecord): number =>
  repo.versions.reduce((max, v) => Math.max(max, v.tag), 0) + 1;

/**
 * Whether a version has weights to serve. A tag reserved by a platform-format fine-tuning job is
 * `pending` until the job completes (then `ready`); LoRAX refuses an adapter with no adapterPath
 * (docs/platform-wire.md §3 "LoRAX also fetches adapters").
 */
export const isTrained = (v: RepoVersion): boolean => v.status === "ready";
