import { invalid } from "./core/errors.js";
import { DEFAULT_FAILURE_PHASE, LIFECYCLES, type LifecycleKind } from "./lifecycle/durations.js";
import type { FailurePlan } from "./lifecycle/phases.js";

/**
 * Forced lifecycle failures: make a deployment error while initializing, a fine-tuning job while
 * training, a batch job while running. A failure names one object (name for deployments, id for
 * jobs) or `*` for the next ones created. It strikes `after_seconds` into the failing phase (or
 * after being attached, if the object is already past the phase start).
 */
export interface FailureSpec {
  kind: LifecycleKind;
  target: string;
  message?: string;
  after_seconds?: number;
  /** The phase it strikes in (deployment: initializing, finetuning_job: training, batch_job: running). */
  at?: string;
  /** How many future objects it hits; default 1 for a named target, unlimited for `*`. */
  count?: number;
  tenant?: string;
}

export interface PendingFailure extends FailureSpec {
  id: number;
  remaining: number | null;
}

const DEFAULT_MESSAGES: Readonly<Record<LifecycleKind, string>> = {
  deployment: "Deployment failed to initialize: replica exited with CUDA error: out of memory (injected)",
  finetuning_job: "Training failed: CUDA out of memory at step 112 (injected)",
  batch_job: "Batch inference failed: worker lost while processing dataset (injected)",
};

const KIND_ALIASES: Readonly<Record<string, LifecycleKind>> = {
  deployment: "deployment",
  deployments: "deployment",
  finetuning_job: "finetuning_job",
  finetuning_jobs: "finetuning_job",
  batch_job: "batch_job",
  batch_jobs: "batch_job",
};

export function toFailurePlan(spec: FailureSpec, armedAt: number): FailurePlan {
  return {
    at: spec.at ?? DEFAULT_FAILURE_PHASE[spec.kind],
    armed_at: armedAt,
    after_seconds: spec.after_seconds ?? 0,
    message: spec.message ?? DEFAULT_MESSAGES[spec.kind],
  };
}

export class FailureRegistry {
  private pending: PendingFailure[] = [];
  private nextId = 1;

  add(spec: FailureSpec): PendingFailure {
    const remaining = spec.count ?? (spec.target === "*" ? null : 1);
    const entry: PendingFailure = { ...spec, id: this.nextId++, remaining };
    this.pending.push(entry);
    return { ...entry };
  }

  list(): PendingFailure[] {
    return this.pending.map((p) => ({ ...p }));
  }

  clear(): void {
    this.pending = [];
  }

  /** The failure plan for a newly created object, consuming one use of the matching entry. */
  claim(kind: LifecycleKind, tenant: string, key: string, now: number): FailurePlan | null {
    const match = this.pending.find(
      (p) => p.kind === kind && (p.target === "*" || p.target === key) && (p.tenant ?? tenant) === tenant,
    );
    if (!match) return null;
    if (match.remaining !== null) match.remaining -= 1;
    this.pending = this.pending.filter((p) => p.remaining === null || p.remaining > 0);
    return toFailurePlan(match, now);
  }
}

export function validateFailure(raw: unknown): FailureSpec {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw invalid("failure: must be an object");
  const r = raw as Record<string, unknown>;
  const kind = typeof r.kind === "string" ? KIND_ALIASES[r.kind] : undefined;
  if (!kind) throw invalid("kind: must be one of deployment, finetuning_job, batch_job");
  if (typeof r.target !== "string" || r.target === "")
    throw invalid('target: required: an object name/id or "*"');
  const optional = (field: string, ok: (v: unknown) => boolean, what: string): void => {
    if (r[field] !== undefined && !ok(r[field])) throw invalid(`${field}: must be ${what}`);
  };
  const phases = LIFECYCLES[kind].phases.map((p) => p.status);
  optional("message", (v) => typeof v === "string", "a string");
  optional("after_seconds", (v) => typeof v === "number" && v >= 0, "a number of seconds >= 0");
  optional("at", (v) => typeof v === "string" && phases.includes(v), `one of ${phases.join(", ")}`);
  optional("count", (v) => Number.isInteger(v) && (v as number) >= 1, "an integer >= 1");
  optional("tenant", (v) => typeof v === "string", "a string");
  return { ...(r as Omit<FailureSpec, "kind">), kind, target: r.target };
}
