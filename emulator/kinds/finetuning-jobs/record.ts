import type { PlanStep } from "../../lifecycle/durations.js";
import type { FailurePlan } from "../../lifecycle/phases.js";
import type { Extra } from "../extra.js";

/** A job's end once it is settled (completion has side effects, so it is recorded, not computed). */
export interface JobOutcome {
  status: string;
  at: number;
  adapter_version: string | null;
  target_version_tag: number | null;
  error: string | null;
}

export interface FinetuningJobRecord {
  id: string;
  seq: number;
  base_model: string;
  dataset: string;
  repo: string | null;
  adapter_type: string;
  task: string;
  description: string | null;
  created_at: number;
  touched_at: number;
  plan: PlanStep[];
  canceled_at: number | null;
  failure: FailurePlan | null;
  outcome: JobOutcome | null;
  extra: Extra;
  // Platform-format fields (optional so older state files load).
  /** `params` as sent (snake_case keys), with `base_model` filled in. */
  params?: Record<string, unknown>;
  /** The repo version tag reserved at create (docs/platform-wire.md §4: the adapter id is known then). */
  reserved_tag?: number | null;
  continue_from?: string | null;
}
