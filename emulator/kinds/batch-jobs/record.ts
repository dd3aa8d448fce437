import type { PlanStep } from "../../lifecycle/durations.js";
import type { FailurePlan } from "../../lifecycle/phases.js";
import type { Extra } from "../extra.js";

export interface BatchJobRecord {
  id: string;
  seq: number;
  base_model: string;
  dataset: string;
  output: string | null;
  created_at: number;
  touched_at: number;
  plan: PlanStep[];
  failure: FailurePlan | null;
  extra: Extra;
  // Platform-format fields (optional so older state files load).
  /** Set by cancel (`GET …/cancel`, docs/platform-wire.md §6): `cancelled` from then on. */
  canceled_at?: number | null;
  /** The create body as sent, `hfToken` blanked (a secret is never echoed). */
  original_request?: Record<string, unknown>;
}
