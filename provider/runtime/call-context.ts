import { AsyncLocalStorage } from "node:async_hooks";
import type { Settings } from "./settings.js";

/**
 * What one provider call carries beyond its properties, when a native plugin serves it (the
 * dynamic-provider host passes none of this): the settings of the provider instance the engine
 * called (two explicit providers for two tenants live in one process), the engine's timeout for
 * the step (`customTimeouts`), the signal the engine's Cancel aborts, and the resource's URN for
 * engine diagnostics. The kinds read it through settings.ts, durations.ts, awaiting.ts and
 * engine-log.ts, so one implementation of each kind serves both front ends.
 */
export interface CallContext {
  settings?: Settings;
  /** The step's timeout from the engine, in milliseconds (0 or absent: none given). */
  timeoutMs?: number;
  signal?: AbortSignal;
  urn?: string;
  /** Where progress lines go (the engine's log for a plugin); console.log when absent. */
  progress?: (line: string) => void;
}

const storage = new AsyncLocalStorage<CallContext>();

/** Runs `fn` (sync or async) with `context` as what callContext() answers inside it. */
export function withCallContext<T>(context: CallContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function callContext(): CallContext | undefined {
  return storage.getStore();
}
