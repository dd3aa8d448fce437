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

export interface SettleSpec<T> {
  /** The resource's inputs (provider-only ones included) and `__provider`. */
  props: Props;
  /** The platform object as last read. */
  current: T;
  id: string;
  /** A create keeps a failed object in state (partial failure); an update just fails. */
  phase: "create" | "update";
  /** Nothing to wait for: already done, or waiting is switched off. */
  skip: boolean;
  wait: Omit<AwaitSpec<T>, "timeoutMs"> & { timeoutMs: number };
  outputs: (obj: T) => Props;
  /** What the next `pulumi up` does about a terminal failure, for the message. */
  afterFailure: string;
  /** Runs on a terminal failure before anything else, e.g. deleting a failed deployment. */
  onFailure?: (reason: string) => Promise<void>;
}

/**
 * Waits for an object created or resumed by create/update and returns its outputs. A timeout or
 * terminal failure of a create keeps the object in state (nothing orphaned) so the next `up`
 * resumes or replaces it.
 */
export async function settle<T>(spec: SettleSpec<T>): Promise<Props> {
  if (spec.skip) return spec.outputs(spec.current);
  const outcome = await awaitCondition(spec.wait);
  if (outcome.kind === "done") return spec.outputs(outcome.last);
  if (outcome.kind === "failed") await spec.onFailure?.(outcome.reason);
  const message =
    outcome.kind === "failed"
      ? `${outcome.reason}. It stays in the stack; ${spec.afterFailure}.`
      : outcome.message;
  if (spec.phase === "update") throw new Error(message);
  const properties = { ...spec.outputs(outcome.last ?? spec.current), __provider: spec.props.__provider };
  throw new ResourceInitFailure(message, spec.id, properties);
}
