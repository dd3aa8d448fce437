import { sleep } from "./core/abort.js";
import { isRetryable } from "./core/retry.js";
import { APIUserAbortError, TerminalStateError, WaitTimeoutError } from "./errors.js";

/** What a condition says about one observed object. */
export interface ConditionResult {
  done: boolean;
  /** Set when the object reached a terminal failure: the wait stops at once with this reason. */
  failed?: string | undefined;
  /** With `failed`: the terminal status seen (`errored`, `stopped`, `deleted`, …), lowercase. */
  terminalStatus?: string | undefined;
  /** Human-readable state, e.g. "deployment my-llm is initializing (0/1 replicas)". */
  description: string;
}

export interface WaitProgress<T> {
  description: string;
  elapsedMs: number;
  polls: number;
  last: T;
}

/** Time source, injectable so tests can drive a manual clock. */
export interface WaitClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Poll delays: start fast (objects often settle quickly), back off to a cap (long trainings). */
export interface PollSchedule {
  /** First delay, ms. Default 1000. */
  initialMs?: number | undefined;
  /**
   * Longest delay, ms. Default 60 000: past ten minutes a minute is still within the 10% lag bound,
   * and a 10-minute wait then takes 54 polls (57 with a 30 s cap).
   */
  maxMs?: number | undefined;
  /** Growth per poll. Default 1.5. */
  factor?: number | undefined;
  /**
   * No delay is longer than this share of the time waited so far (but never below `initialMs`),
   * so readiness is seen within about 10% of the wait. Default 0.1. This costs more polls between
   * ten seconds and a few minutes than growth alone would (about 55 for a 10-minute wait instead of
   * 27); for the cost of a GET every few seconds, a deployment that took a minute is noticed six
   * seconds after, not twenty.
   */
  lagRatio?: number | undefined;
}

export interface PollUntilOptions<T> {
  /** What is awaited, for messages: "deployment my-llm to become ready". */
  describe: string;
  /** Reads the object. A NotFoundError it throws ends the wait unless fetch catches it itself. */
  fetch: (signal: AbortSignal | undefined) => Promise<T>;
  condition: (obj: T) => ConditionResult;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: WaitProgress<T>) => void) | undefined;
  schedule?: PollSchedule | undefined;
  clock?: WaitClock | undefined;
}

export const systemClock: WaitClock = { now: () => Date.now(), sleep };

/**
 * The one await loop (in the manner of pulumi-kubernetes' await package): it owns the deadline,
 * the poll schedule, cancellation and a last check at the deadline. Resolves with the object
 * that satisfied the condition; throws TerminalStateError (terminal failure, at once),
 * WaitTimeoutError (deadline) or APIUserAbortError (signal). Transient API errors (connection,
 * 408, 429, 5xx) are counted and polling goes on; any other error ends the wait.
 */
export async function pollUntil<T>(options: PollUntilOptions<T>): Promise<T> {
  const clock = options.clock ?? systemClock;
  const initial = options.schedule?.initialMs ?? 1000;
  const max = options.schedule?.maxMs ?? 60_000;
  const factor = options.schedule?.factor ?? 1.5;
  const lagRatio = options.schedule?.lagRatio ?? 0.1;
  const { signal } = options;
  const start = clock.now();
  const deadline = start + options.timeoutMs;
  let delay = initial;
  let polls = 0;
  let transientErrors = 0;
  let last: T | undefined;
  let observed = "not observed yet";
  let description = observed;

  for (;;) {
    if (signal?.aborted) throw new APIUserAbortError(`Aborted while waiting for ${options.describe}`);
    try {
      const obj = await options.fetch(signal);
      polls++;
      last = obj;
      const state = options.condition(obj);
      observed = state.description;
      description = observed;
      if (state.done) return obj;
      if (state.failed !== undefined) {
        throw new TerminalStateError({
          what: options.describe,
          last: obj,
          reason: state.failed,
          status: state.terminalStatus,
          description,
        });
      }
      options.onProgress?.({ description, elapsedMs: clock.now() - start, polls, last: obj });
    } catch (err) {
      if (!isRetryable(err)) throw err;
      transientErrors++;
      const reason = err instanceof Error ? err.message : String(err);
      description = `${observed} (${transientErrors} transient error(s), last: ${reason})`;
    }
    const now = clock.now();
    if (now >= deadline) {
      throw new WaitTimeoutError({
        what: options.describe,
        last,
        description,
        elapsedMs: now - start,
        polls,
      });
    }
    // Never sleep past the deadline: the next iteration is then the final check at the deadline.
    await clock.sleep(Math.min(delay, deadline - now), signal);
    const lagBound = Number.isFinite(lagRatio) ? Math.max(initial, lagRatio * (clock.now() - start)) : max;
    delay = Math.min(delay * factor, max, lagBound);
  }
}
