import type { z } from "zod";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIResponseValidationError,
} from "../errors.js";
import { statusForErrorType } from "./error-body.js";
import { type Decoder, formatPath, isRecord } from "./parse.js";
import { type ServerSentEvent, SSEDecoder } from "./sse.js";
import { type OpenBody, toConnectionError } from "./transport.js";

/** A stream event's decoder: events are never wrapped in `{"data": …}`, so no envelope check. */
export function eventDecoder<T>(schema: z.ZodType<T>): Decoder<T> {
  return (json) => {
    const result = schema.safeParse(json);
    if (result.success) return { ok: true, value: result.data };
    const issues = result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
    return { ok: false, issues };
  };
}

/** How one kind of stream is read: the event schema and how it ends. */
export interface StreamProtocol<T> {
  decode: Decoder<T>;
  /** Stop after this event: LoRAX's /generate_stream ends with the event carrying `generated_text`. */
  isLast?: (event: T) => boolean;
  /** The stream may end after this event even without `[DONE]` (a chunk with a finish_reason). */
  completes?: (event: T) => boolean;
}

export interface StreamContext {
  method: string;
  path: string;
  requestId: string | undefined;
  idleTimeoutMs: number;
}

/**
 * The typed result of a streaming call: iterate it once with `for await`. Breaking out of the loop
 * (or calling `close()`) closes the connection. Server error events, a stream cut before its last
 * event and a silence longer than `streamIdleTimeout` are thrown from the loop as typed errors.
 */
export class Stream<T> implements AsyncIterable<T> {
  readonly requestId: string | undefined;
  readonly #body: OpenBody;
  readonly #protocol: StreamProtocol<T>;
  readonly #ctx: StreamContext;
  #started = false;

  constructor(body: OpenBody, protocol: StreamProtocol<T>, ctx: StreamContext) {
    this.#body = body;
    this.#protocol = protocol;
    this.#ctx = ctx;
    this.requestId = ctx.requestId;
  }

  /** Closes the connection without reading the rest. */
  close(): void {
    this.#body.close();
  }

  [Symbol.asyncIterator](): AsyncIterator<T, void, undefined> {
    if (this.#started) throw new Error("A Stream can only be iterated once");
    this.#started = true;
    return new EventReader(this.#body, this.#protocol, this.#ctx);
  }
}

const DONE: IteratorReturnResult<void> = { done: true, value: undefined };

/**
 * Reads one stream's events. A hand-written iterator rather than an async generator: a chunk
 * usually holds several events, and handing out an already decoded event costs one promise here,
 * against a generator's suspend and resume per event. Events are decoded one at a time as they are
 * asked for, so an error event is thrown only after the events before it were delivered.
 */
class EventReader<T> implements AsyncIterator<T, void, undefined> {
  readonly #body: OpenBody;
  readonly #protocol: StreamProtocol<T>;
  readonly #ctx: StreamContext;
  readonly #decoder = new SSEDecoder();
  readonly #chunks: AsyncIterator<Uint8Array>;
  readonly #idle: IdleTimer;
  #pending: ServerSentEvent[] = [];
  #index = 0;
  /** An event said the stream may end here (a chunk with a finish reason). */
  #complete = false;
  #ended = false;

  constructor(body: OpenBody, protocol: StreamProtocol<T>, ctx: StreamContext) {
    this.#body = body;
    this.#protocol = protocol;
    this.#ctx = ctx;
    this.#chunks = body.chunks[Symbol.asyncIterator]();
    this.#idle = new IdleTimer(ctx.idleTimeoutMs, () => body.close());
  }

  async next(): Promise<IteratorResult<T, void>> {
    try {
      for (;;) {
        while (this.#index < this.#pending.length) {
          const sse = this.#pending[this.#index++] as ServerSentEvent;
          if (this.#ended) return DONE;
          if (sse.data === "[DONE]") {
            this.#end(true);
            return DONE;
          }
          const event = this.#decode(sse);
          if (this.#protocol.isLast?.(event)) this.#end(true);
          else if (this.#protocol.completes?.(event)) this.#complete = true;
          return { done: false, value: event };
        }
        if (this.#ended) return DONE;
        const next = await this.#nextChunk();
        if (next.done) return this.#finish();
        this.#pending = this.#decoder.push(next.value);
        this.#index = 0;
      }
    } catch (err) {
      this.#end(false);
      throw err;
    }
  }

  /** The caller left the loop early: close the connection without reading the rest. */
  async return(): Promise<IteratorResult<T, void>> {
    this.#end(false);
    return DONE;
  }

  /** The body ended: fine after a final event, a cut connection otherwise. */
  #finish(): IteratorResult<T, void> {
    const { partial } = this.#decoder.end();
    if (!this.#complete) {
      const how = partial ? "in the middle of an event" : "without its final event";
      throw new APIConnectionError(
        `Stream ended before completion: ${this.#ctx.method} ${this.#ctx.path} closed ${how}`,
        { method: this.#ctx.method, path: this.#ctx.path, code: "STREAM_INCOMPLETE" },
      );
    }
    this.#end(true);
    return DONE;
  }

  /** `finished`: the stream ended normally, so the connection can be kept for the next call. */
  #end(finished: boolean): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#idle.stop();
    this.#body.close(finished);
  }

  #decode(sse: ServerSentEvent): T {
    let json: unknown;
    try {
      json = JSON.parse(sse.data);
    } catch {
      throw this.#invalid(
        [{ path: "", message: `stream event is not JSON: ${JSON.stringify(sse.data.slice(0, 80))}` }],
        sse.data,
      );
    }
    if (isRecord(json) && json.error != null && !("token" in json) && !("choices" in json)) {
      const errorType = typeof json.error_type === "string" ? json.error_type : undefined;
      throw APIError.from(statusForErrorType(errorType), {
        method: this.#ctx.method,
        path: this.#ctx.path,
        requestId: this.#ctx.requestId,
        body: json,
        context: "error event in a 200 stream",
      });
    }
    const result = this.#protocol.decode(json);
    if (!result.ok) throw this.#invalid(result.issues, json);
    return result.value;
  }

  #invalid(issues: { path: string; message: string }[], body: unknown): APIResponseValidationError {
    const { method, path, requestId } = this.#ctx;
    return new APIResponseValidationError({ status: 200, method, path, requestId, issues, body });
  }

  /** Waits for the next chunk, but no longer than the idle timeout. */
  async #nextChunk(): Promise<IteratorResult<Uint8Array>> {
    const idle = this.#idle;
    const { method, path, idleTimeoutMs } = this.#ctx;
    let result: IteratorResult<Uint8Array>;
    idle.waiting();
    try {
      result = await this.#chunks.next();
    } catch (err) {
      if (idle.fired) throw this.#idleError();
      throw toConnectionError(err, this.#body.abortCause(), { method, path, timeoutMs: idleTimeoutMs });
    } finally {
      idle.received();
    }
    // Closing the body on timeout may end the iteration quietly instead of failing it.
    if (idle.fired) throw this.#idleError();
    return result;
  }

  #idleError(): APIConnectionTimeoutError {
    const { method, path, idleTimeoutMs } = this.#ctx;
    return new APIConnectionTimeoutError(
      `Stream ${method} ${path} sent nothing for ${idleTimeoutMs} ms (option \`streamIdleTimeout\`)`,
      { method, path, code: "STREAM_IDLE_TIMEOUT" },
    );
  }
}

/**
 * The stream's idle timeout: it counts only while the reader waits for the next chunk (not while
 * the caller works on an event). One timer per idle interval rather than one per chunk: a chunk
 * just records the time, and the timer, when it fires early, sleeps again for the rest.
 */
class IdleTimer {
  fired = false;
  readonly #ms: number;
  readonly #onIdle: () => void;
  #since = 0;
  #waiting = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(ms: number, onIdle: () => void) {
    this.#ms = ms;
    this.#onIdle = onIdle;
  }

  waiting(): void {
    this.#since = Date.now();
    this.#waiting = true;
    this.#timer ??= setTimeout(this.#check, this.#ms);
  }

  received(): void {
    this.#waiting = false;
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  readonly #check = (): void => {
    this.#timer = undefined;
    if (!this.#waiting) return; // re-armed by the next wait
    const quiet = Date.now() - this.#since;
    if (quiet < this.#ms) {
      this.#timer = setTimeout(this.#check, this.#ms - quiet);
      return;
    }
    this.fired = true;
    this.#onIdle();
  };
}
