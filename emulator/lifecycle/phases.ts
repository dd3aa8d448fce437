import type { Now } from "../core/clock.js";
import type { PlanStep } from "./durations.js";

/** A computed status and the emulated instant it was entered. */
export interface StatusAt {
  status: string;
  since: number;
  error: string | null;
}

const stepMs = (step: PlanStep, now: Now): number => (now.immediate ? 0 : step.seconds * 1000);

/** Where a plan started at `start` stands at `now`. */
export function phaseAt(plan: readonly PlanStep[], final: string, start: number, now: Now): StatusAt {
  let cursor = start;
  for (const step of plan) {
    const end = cursor + stepMs(step, now);
    if (now.t < end) return { status: step.status, since: cursor, error: null };
    cursor = end;
  }
  return { status: final, since: cursor, error: null };
}

/** When the phase `status` begins; the end of the plan when `status` is not one of its phases. */
export function phaseStart(plan: readonly PlanStep[], status: string, start: number, now: Now): number {
  let cursor = start;
  for (const step of plan) {
    if (step.status === status) return cursor;
    cursor += stepMs(step, now);
  }
  return cursor;
}

/** When the plan reaches its final status. */
export function planEnd(plan: readonly PlanStep[], start: number, now: Now): number {
  return plan.reduce((cursor, step) => cursor + stepMs(step, now), start);
}

/** An injected failure attached to one object. */
export interface FailurePlan {
  /** The phase in which it strikes. */
  at: string;
  /** Emulated instant the failure was attached (it never strikes earlier). */
  armed_at: number;
  after_seconds: number;
  message: string;
}

/** The emulated instant an attached failure strikes, or null without one. */
export function failureTime(
  failure: FailurePlan | null,
  plan: readonly PlanStep[],
  start: number,
  now: Now,
): number | null {
  if (failure === null) return null;
  const begins = phaseStart(plan, failure.at, start, now);
  return Math.max(begins, failure.armed_at) + failure.after_seconds * 1000;
}
