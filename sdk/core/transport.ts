import { EventEmitter } from "node:events";
import type { IncomingHttpHeaders } from "node:http";
import type { Agent, Dispatcher } from "undici";
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from "../errors.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** One HTTP attempt, fully described. Retries live above this layer (api-client.ts). */
export interface WireRequest {
  url: URL;
  method: HttpMethod;
  headers: Record<string, string>;
  body?: string | Uint8Array | undefined;
  /** Deadline for the whole attempt; for a stream only until the headers arrive. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  stream: boolean;
}

/** A response body left open for streaming; the caller must `close()` it. */
export interface OpenBody {
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Why the attempt's controller fired, if it did: the caller's signal or an internal timer. */
  abortCause(): "user" | "timeout" | undefined;
  /** `finished`: the stream ended normally, so drain what is left and keep the connection. */
  close(finished?: boolean): void;
}

export interface WireResponse {
  status: number;
  headers: IncomingHttpHeaders;
  requestId: string | undefined;
  /** The whole body, for non-stream requests and for every error status. */
  text: string | undefined;
  /** The open body, for a stream request that got a 2xx. */
  body: OpenBody | undefined;
}

/**
 * Sends requests over one keep-alive undici Agent. Each attempt gets its own AbortController fed
 * by the caller's signal and by a timer: that is `AbortSignal.any([AbortSignal.timeout(t), signal])`
 * with one difference we need for streams, the timer can be stopped once the headers are in.
 */
export class Transport {
  #agent: Agent | undefined;

  async send(req: WireRequest): Promise<WireResponse> {
    if (req.signal?.aborted) throw new APIUserAbortError();
    const { request, Agent } = undici();
    this.#agent ??= new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
    // undici accepts an EventEmitter as the signal and adds one plain `once("abort")` listener;
    // an AbortSignal goes through Node's heavier abort-listener bookkeeping on every request.
    const controller = new EventEmitter();
    let cause: "user" | "timeout" | undefined;
    const onUserAbort = () => {
      cause ??= "user";
      controller.emit("abort");
    };
    req.signal?.addEventListener("abort", onUserAbort, { once: true });
    const timer = setTimeout(() => {
      cause ??= "timeout";
      controller.emit("abort");
    }, req.timeoutMs);
    const release = () => {
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onUserAbort);
    };

    let res: Dispatcher.ResponseData | undefined;
    try {
      res = await request(req.url, {
        dispatcher: this.#agent,
        method: req.method,
        headers: req.headers,
        body: req.body ?? null,
        signal: controller,
        // Our own timer and the stream idle timer govern; undici's 300 s defaults would cut long calls.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      const requestId = headerValue(res.headers["x-request-id"]);
      if (req.stream && res.statusCode < 400) {
        clearTimeout(timer);
        const body = res.body;
        const open: OpenBody = {
          chunks: body,
          abortCause: () => cause,
          close: (finished = false) => {
            release();
            if (body.destroyed) return;
            // Destroying a body that has not quite ended closes the socket, and the next call then
            // pays for a new connection; a finished stream has at most a few bytes left to read.
            if (finished) body.dump({ limit: 65_536 }).catch(() => body.destroy());
            else body.destroy();
          },
        };
        return { status: res.statusCode, headers: res.headers, requestId, text: undefined, body: open };
      }
      const text = await res.body.text();
      release();
      return { status: res.statusCode, headers: res.headers, requestId, text, body: undefined };
    } catch (err) {
      release();
      if (res && !res.body.destroyed) res.body.destroy();
      throw toConnectionError(err, cause, {
        method: req.method,
        path: req.url.pathname,
        host: req.url.host,
        timeoutMs: req.timeoutMs,
      });
    }
  }

  close(): Promise<void> {
    return this.#agent?.close() ?? Promise.resolve();
  }
}

let loaded: typeof import("undici") | undefined;

/**
 * undici, loaded at the first request rather than with the SDK: it is the largest module the SDK
 * loads (about 100 files, 85-130 ms), and a process that sends nothing (the provider plugin or the
 * dynamic-provider host in a preview that changes nothing) never needs it.
 */
function undici(): typeof import("undici") {
  loaded ??= require("undici") as typeof import("undici");
  return loaded;
}

/** Maps whatever undici or the socket threw to the SDK's connection errors. */
export function toConnectionError(
  err: unknown,
  cause: "user" | "timeout" | undefined,
  req: { method: string; path: string; host?: string | undefined; timeoutMs: number },
): Error {
  if (cause === "user") return new APIUserAbortError();
  const where = { method: req.method, path: req.path };
  if (cause === "timeout") {
    return new APIConnectionTimeoutError(
      `${req.method} ${req.path} timed out after ${req.timeoutMs} ms (option \`timeout\`)`,
      { ...where, code: "ETIMEDOUT", cause: err },
    );
  }
  const code = errorCode(err);
  const reason = err instanceof Error ? err.message : String(err);
  const to = req.host ? ` to ${req.host}` : "";
  return new APIConnectionError(
    `Connection error on ${req.method} ${req.path}${to}: ${reason || code || "unknown"}`,
    {
      ...where,
      code,
      cause: err,
    },
  );
}

/** Node and undici put the code on the error, on its cause, or (happy eyeballs) on an inner error. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const record = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof record.code === "string") return record.code;
  if (Array.isArray(record.errors) && record.errors.length > 0) return errorCode(record.errors[0]);
  return record.cause === undefined ? undefined : errorCode(record.cause);
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
