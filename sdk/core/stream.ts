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

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    if (this.#started) throw new Error("A Stream can only be iterated once");
    this.#started = true;
    const decoder = new SSEDecoder();
    const chunks = this.#body.chunks[Symbol.asyncIterator]();
    const idle = new IdleTimer(this.#ctx.idleTimeoutMs, () => this.#body.close());
    let complete = false;
    let finished = false;
    try {
      for (;;) {
        const next = await this.#nextChunk(chunks, idle);
        if (next.done) {
          finished = true;
          break;
        }
        for (const sse of decoder.push(next.value)) {
          if (sse.data === "[DONE]") {
            finished = true;
            return;
          }
          const event = this.#decode(sse);
          if (this.#protocol.isLast?.(event)) finished = true;
          yield event;
          if (finished) return;
          if (this.#protocol.completes?.(event)) complete = true;
        }
      }
      const { partial } = decoder.end();
      if (!complete) {
        const how = partial ? "in the middle of an event" : "without its final event";
        throw new APIConnectionError(
          `Stream ended before completion: ${this.#ctx.method} ${this.#ctx.path} closed ${how}`,
          { method: this.#ctx.method, path: this.#ctx.path, code: "STREAM_INCOMPLETE" },
        );
      }
    } finally {
      idle.stop();
      this.#body.close(finished);
    }
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
  async #nextChunk(chunks: AsyncIterator<Uint8Array>, idle: IdleTimer): Promise<IteratorResult<Uint8Array>> {
    const { method, path, idleTimeoutMs } = this.#ctx;
    let result: IteratorResult<Uint8Array>;
    idle.waiting();
    try {
      result = await chunks.next();
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
