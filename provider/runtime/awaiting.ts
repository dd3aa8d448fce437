import { APIUserAbortError, TerminalStateError, WaitTimeoutError } from "../../sdk/errors.js";
import { type ConditionResult, pollUntil } from "../../sdk/wait.js";
import { callContext } from "./call-context.js";
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
  // The engine's Cancel (native plugin) ends the wait like a timeout: the object stays in state.
  const signal = callContext()?.signal;
  let lastSeen: T | undefined;
  try {
    const last = await pollUntil({
      describe: `${spec.resource} ${spec.goal}`,
      fetch: async (s) => {
        lastSeen = await spec.fetch(s);
        return lastSeen;
      },
      condition: spec.condition,
      timeoutMs: spec.timeoutMs,
      signal,
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
    if (err instanceof APIUserAbortError && signal?.aborted) {
      const state = lastSeen === undefined ? "" : ` (last seen: ${spec.condition(lastSeen).description})`;
      return {
        kind: "timeout",
        last: lastSeen,
        message:
          `${spec.resource}: waiting ${spec.goal} was cancelled after ${formatElapsed(Date.now() - started)}${state}. ` +
          "It stays in the stack: run `pulumi up` again to keep waiting.",
      };
    }
    throw err;
  }
}

export interface SettleSpec<T> {
  /** The resource's inputs (provider-only ones included). */
  props: Props;
  /** The platform object as last read. */
  current: T;
  id: string;
  /** Nothing to wait for: already done, or waiting is switched off. */
  skip: boolean;
  wait: AwaitSpec<T>;
  outputs: (obj: T) => Props;
  /** What the next `pulumi up` does about a terminal failure, for the message. */
  afterFailure: string;
  /**
   * Runs on a terminal failure before anything else, e.g. deleting a failed deployment. Returns
   * true when the object is gone (then it leaves the state); throwing keeps it in state.
   */
  onFailure?: (reason: string) => Promise<boolean>;
}

/**
 * Waits for an object that create or update made or resumed, and returns its outputs.
 *
 * From the moment the platform has the object, no failure loses it: a timeout, a terminal status,
 * and any error while waiting (401/403 after a token rotation, a 404, a 422, a response that fails
 * validation, a failing delete under deleteOnFailure) become a ResourceInitFailure carrying the id
 * and the outputs as last seen. The dynamic-provider host hands that to the engine as a partial
 * failure, for create and for update alike, so the state keeps the object with its last known
 * status: the next `up` resumes the wait, or replaces the object when that status is a failure.
 */
export async function settle<T>(spec: SettleSpec<T>): Promise<Props> {
  if (spec.skip) return spec.outputs(spec.current);
  let last = spec.current;
  const wait: AwaitSpec<T> = {
    ...spec.wait,
    fetch: async (signal) => {
      const obj = await spec.wait.fetch(signal);
      last = obj;
      return obj;
    },
  };
  let outcome: AwaitOutcome<T>;
  try {
    outcome = await awaitCondition(wait);
  } catch (err) {
    throw failure(
      spec,
      `${spec.wait.resource}: waiting ${spec.wait.goal} stopped on an error: ${errorText(err)}. ` +
        "It exists on Predibase and stays in the stack with its last known status; fix the cause " +
        "(e.g. the API token) and run `pulumi up` again to resume.",
      last,
    );
  }
  if (outcome.kind === "done") return spec.outputs(outcome.last);
  if (outcome.last !== undefined) last = outcome.last;
  if (outcome.kind === "timeout") throw failure(spec, outcome.message, last);
  let message = `${outcome.reason}. It stays in the stack; ${spec.afterFailure}.`;
  let gone = false;
  try {
    gone = (await spec.onFailure?.(outcome.reason)) ?? false;
  } catch (err) {
    message =
      `${outcome.reason}. deleteOnFailure could not delete it (${errorText(err)}): it stays in the ` +
      "stack, and the next `pulumi up` replaces it (or `pulumi destroy` deletes it).";
  }
  if (gone)
    throw new Error(`${outcome.reason}. It was deleted (deleteOnFailure), so no GPU is left billing.`);
  throw failure(spec, message, last);
}

/**
 * The host stores a partial failure's `properties` as the outputs verbatim (it adds `__provider`
 * only to successful results), so it is added here: without it, refresh and delete of the
 * resource could not find their provider.
 */
function failure<T>(spec: SettleSpec<T>, message: string, last: T): ResourceInitFailure {
  return new ResourceInitFailure(message, spec.id, {
    ...spec.outputs(last),
    __provider: spec.props.__provider,
  });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
