import { type ConditionResult, pollUntil, TerminalStateError, WaitTimeoutError } from "../../sdk/index.js";
import { formatElapsed, ProgressLog } from "./progress.js";
import type { Props } from "./validate.js";

/**
 * Thrown from create when the object exists on the platform but did not become ready: the
 * dynamic-provider host turns an error with `id` and `properties` into the engine's
 * "created but failed to initialize" result, so the resource stays in state (nothing orphaned) and
 * the next `pulumi up` resumes or replaces it.
 */
export class ResourceInitFailure extends Error {
  readonly reasons: string[];
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Props,
  ) {
    super(message);
    this.reasons = [message];
  }
}

export interface AwaitSpec<T> {
  /** "Deployment my-llm", the prefix of every progress line. */
  resource: string;
  /** "to become ready", for messages. */
  goal: string;
  fetch: (signal: AbortSignal | undefined) => Promise<T>;
  condition: (obj: T) => ConditionResult;
  timeoutMs: number;
}

export type AwaitOutcome<T> =
  | { kind: "done"; last: T }
  | { kind: "failed"; last: T; reason: string }
  | { kind: "timeout"; last: T | undefined; message: string };

/** Waits with throttled progress lines and turns the SDK's typed wait errors into an outcome. */
export async function awaitCondition<T>(spec: AwaitSpec<T>): Promise<AwaitOutcome<T>> {
  const log = new ProgressLog(spec.resource);
  const started = Date.now();
  try {
    const last = await pollUntil({
      describe: `${spec.resource} ${spec.goal}`,
      fetch: spec.fetch,
      condition: spec.condition,
      timeoutMs: spec.timeoutMs,
      onProgress: (p) => log.update(p.description, p.elapsedMs),
    });
    log.done(spec.condition(last).description, Date.now() - started);
    return { kind: "done", last };
  } catch (err) {
    if (err instanceof TerminalStateError) return { kind: "failed", last: err.last as T, reason: err.reason };
    if (err instanceof WaitTimeoutError) {
      const state =
        err.last === undefined ? "" : ` (last seen: ${spec.condition(err.last as T).description})`;
      return {
        kind: "timeout",
        last: err.last as T | undefined,
        message:
          `${spec.resource} did not finish ${spec.goal} within ${formatElapsed(spec.timeoutMs)}${state}. ` +
          "It stays in the stack: run `pulumi up` again to keep waiting, or raise `timeouts.create`.",
      };
    }
    throw err;
  }
}
