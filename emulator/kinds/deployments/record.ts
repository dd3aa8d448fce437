import type { PlanStep } from "../../lifecycle/durations.js";
import type { FailurePlan } from "../../lifecycle/phases.js";
import type { Extra } from "../extra.js";

/**
 * Serving settings only the platform format carries (docs/platform-wire.md §2 config keys), by
 * their camelCase wire key. Absent or null = not set. `hfToken` is never stored: it is a secret.
 */
export interface DeploymentSettings {
  customArgs?: string[] | null;
  preloadedAdapters?: string[] | null;
  cooldownTime?: number | null;
  maxTotalTokens?: number | null;
  scaleUpRequestThreshold?: number | null;
  loraxImageTag?: string | null;
  speculator?: string | null;
  requestLoggingEnabled?: boolean | null;
  directIngress?: boolean | null;
  prefixCaching?: boolean | null;
}

export interface DeploymentRecord {
  uuid: string;
  name: string;
  base_model: string;
  accelerator: string;
  min_replicas: number;
  max_replicas: number;
  description: string | null;
  created_at: number;
  /** Last out-of-band change; `updated_at` is the later of this and the last transition. */
  touched_at: number;
  plan: PlanStep[];
  /** Last data-plane request: keeps a scale-to-zero deployment out of `standby`. */
  last_request_at: number | null;
  deleted_at: number | null;
  deleting_seconds: number;
  standby_idle_seconds: number;
  failure: FailurePlan | null;
  extra: Extra;
  // Platform-format fields (optional so state files written before them still load).
  quantization?: string | null;
  uses_guaranteed_capacity?: boolean;
  settings?: DeploymentSettings;
  /** Set by an update (PUT) that changed serving settings: `updating` until then. */
  updating_until?: number | null;
  /** When the last update began: the legacy event list restarts there. */
  updated_from?: number | null;
}
