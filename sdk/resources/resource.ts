import type { APIClient, RequestHooks, RequestOptions } from "../core/api-client.js";
import { type PollUntilOptions, pollUntil } from "../wait.js";
import type { WireCall } from "../wire/call.js";
import type { WireFormat } from "../wire/format.js";

/** Options of the resource waiters (`waitUntilReady`, `waitUntilDone`, …). */
export interface WaitOptions<T>
  extends Partial<Pick<PollUntilOptions<T>, "signal" | "onProgress" | "schedule" | "clock">> {
  /** Give up after this many ms; each waiter documents its default. */
  timeoutMs?: number | undefined;
  /** Options of each poll's request (timeout, retries). The wait's signal is added to them. */
  request?: Omit<RequestOptions, "signal"> | undefined;
}

/**
 * Base of the control-plane resource classes: one-line methods that send a codec's call
 * (sdk/wire/, one file per kind) over the shared APIClient. The codec knows the wire format;
 * the resource only knows the public shapes. Public methods are `async` even when they only return
 * `send(...)`: a codec throws UnsupportedOperationError while it builds a call the format lacks,
 * and callers must get that as a rejected promise, not a synchronous throw.
 */
export abstract class APIResource {
  protected readonly core: APIClient;

  constructor(core: APIClient) {
    this.core = core;
  }

  protected get format(): WireFormat {
    return this.core.config.wireFormat;
  }

  protected send<T>(call: WireCall<T>, opts?: RequestOptions, hooks?: RequestHooks<T>): Promise<T> {
    return this.core.send(call, opts, hooks);
  }

  protected log(line: string): void {
    try {
      this.core.config.logger?.(line);
    } catch {
      // A failing logger must not fail the call it describes.
    }
  }

  /** Runs pollUntil with the waiter's defaults, threading the wait's signal into each poll. */
  protected waitFor<T>(
    describe: string,
    fetch: (opts: RequestOptions) => Promise<T>,
    condition: PollUntilOptions<T>["condition"],
    defaultTimeoutMs: number,
    opts: WaitOptions<T> = {},
  ): Promise<T> {
    return pollUntil({
      describe,
      fetch: (signal) => fetch({ ...opts.request, signal }),
      condition,
      timeoutMs: opts.timeoutMs ?? defaultTimeoutMs,
      signal: opts.signal,
      onProgress: opts.onProgress,
      schedule: opts.schedule,
      clock: opts.clock,
    });
  }
}
