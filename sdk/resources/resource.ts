import type { APIClient, APIRequest, RequestOptions } from "../core/api-client.js";
import type { HttpMethod } from "../core/transport.js";
import { type PollUntilOptions, pollUntil } from "../wait.js";

/** Options of the resource waiters (`waitUntilReady`, `waitUntilDone`, …). */
export interface WaitOptions<T>
  extends Partial<Pick<PollUntilOptions<T>, "signal" | "onProgress" | "schedule" | "clock">> {
  /** Give up after this many ms; each waiter documents its default. */
  timeoutMs?: number | undefined;
  /** Options of each poll's request (timeout, retries). The wait's signal is added to them. */
  request?: Omit<RequestOptions, "signal"> | undefined;
}

/** Base of the control-plane resource classes: one-line methods over the shared APIClient. */
export abstract class APIResource {
  protected readonly core: APIClient;

  constructor(core: APIClient) {
    this.core = core;
  }

  /** A control-plane request: `{apiUrl}{path}`. */
  protected api(method: HttpMethod, path: string, body?: unknown): APIRequest {
    return { method, baseUrl: this.core.config.apiUrl, path, body };
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

/** Escapes a name or id for use as one path segment. */
export const seg = (value: string): string => encodeURIComponent(value);
