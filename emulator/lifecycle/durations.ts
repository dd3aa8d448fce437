/**
 * How long each lifecycle phase lasts, in emulated seconds. The lifecycles themselves are data
 * (`LIFECYCLES`): an ordered list of timed phases per kind, then a final status.
 */
export interface Durations {
  deployment_pending: number;
  deployment_initializing: number;
  /** A deployment shows `deleting` this long after DELETE, then it is gone (404). */
  deployment_deleting: number;
  /** A ready deployment with `min_replicas: 0` and no data-plane request this long shows `standby`. */
  deployment_standby_idle: number;
  /** A deployment shows `updating` this long after an update (PUT) that changed serving settings. */
  deployment_updating: number;
  /** An uploaded dataset shows `connecting` this long after it is registered. */
  dataset_connecting: number;
  finetuning_queued: number;
  finetuning_training: number;
  batch_queued: number;
  batch_running: number;
}

export const DEFAULT_DURATIONS: Durations = {
  deployment_pending: 30,
  deployment_initializing: 300,
  deployment_deleting: 20,
  deployment_standby_idle: 600,
  deployment_updating: 60,
  dataset_connecting: 5,
  finetuning_queued: 120,
  finetuning_training: 1200,
  batch_queued: 60,
  batch_running: 300,
};

export type LifecycleKind = "deployment" | "finetuning_job" | "batch_job";

/** One timed phase of a lifecycle as stored on each object (a snapshot taken at creation). */
export interface PlanStep {
  status: string;
  seconds: number;
}

interface Lifecycle {
  phases: readonly { status: string; duration: keyof Durations }[];
  final: string;
}

export const LIFECYCLES: Readonly<Record<LifecycleKind, Lifecycle>> = {
  deployment: {
    phases: [
      { status: "pending", duration: "deployment_pending" },
      { status: "initializing", duration: "deployment_initializing" },
    ],
    final: "ready",
  },
  finetuning_job: {
    phases: [
      { status: "queued", duration: "finetuning_queued" },
      { status: "training", duration: "finetuning_training" },
    ],
    final: "completed",
  },
  batch_job: {
    phases: [
      { status: "queued", duration: "batch_queued" },
      { status: "running", duration: "batch_running" },
    ],
    final: "completed",
  },
};

/** The phase in which an injected failure strikes by default. */
export const DEFAULT_FAILURE_PHASE: Readonly<Record<LifecycleKind, string>> = {
  deployment: "initializing",
  finetuning_job: "training",
  batch_job: "running",
};

/** The plan a new object of `kind` follows; in immediate mode every phase takes no time. */
export function planFor(kind: LifecycleKind, durations: Durations, immediate: boolean): PlanStep[] {
  return LIFECYCLES[kind].phases.map((p) => ({
    status: p.status,
    seconds: immediate ? 0 : durations[p.duration],
  }));
}

/** Validates a partial override: every key known, every value a finite number >= 0. */
export function mergeDurations(overrides: Partial<Durations> | undefined): Durations {
  const merged: Durations = { ...DEFAULT_DURATIONS };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (!(key in DEFAULT_DURATIONS)) throw new Error(`unknown duration "${key}"`);
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new Error(`duration "${key}" must be a number of seconds >= 0`);
    }
    merged[key as keyof Durations] = value;
  }
  return merged;
}
