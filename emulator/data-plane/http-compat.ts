import type { EmulatorCore } from "../core/context.js";
import type { EventSink, Reply, StreamReply } from "../http/reply.js";
import * as http from "../http/reply.js";

/**
 * The two things the data plane needs from the HTTP layer beyond JSON and `data:` events: a
 * plain-text answer (axum's extractor rejections, the empty `/health` body) and `:` keep-alive
 * comments on idle streams (axum `KeepAlive::default()`, every 15 s, router/src/server.rs).
 *
 * emulator/http/reply.ts provides them once it exports `text(body, status, headers)` and
 * `sendReply` honours `StreamReply.keepAliveMs`, and the core carries the `sseKeepAliveMs` option
 * (changes owned outside the data plane). Until then this degrades: text answers go out as the JSON
 * error body with the same status, and streams have no keep-alive comments.
 */

/** axum's `KeepAlive::default()` interval. */
export const DEFAULT_KEEP_ALIVE_MS = 15_000;

type TextFactory = (body: string, status: number, headers?: Record<string, string>) => Reply;
const textFactory = (http as unknown as { text?: TextFactory }).text;

/** Whether plain-text answers and keep-alive comments are available from the HTTP layer. */
export const PLAIN_TEXT_SUPPORTED = typeof textFactory === "function";

/** A text/plain answer (an empty body has no content type, like LoRAX's `/health`). */
export function textReply(body: string, status: number, errorType = "extractor"): Reply {
  if (textFactory) return textFactory(body, status);
  return http.json(body === "" ? {} : { error: body, error_type: errorType }, status);
}

/** The keep-alive interval: the `sseKeepAliveMs` emulator option, else axum's 15 s. */
export function keepAliveMs(core: EmulatorCore): number {
  const option = (core as EmulatorCore & { sseKeepAliveMs?: unknown }).sseKeepAliveMs;
  return typeof option === "number" && option > 0 ? option : DEFAULT_KEEP_ALIVE_MS;
}

/** An SSE answer that sends a `:` comment whenever it has been idle for the keep-alive interval. */
export function keepAliveStream(
  produce: (send: EventSink) => Promise<void>,
  headers: Record<string, string>,
  core: EmulatorCore,
): StreamReply {
  return Object.assign(http.stream(produce, headers), { keepAliveMs: keepAliveMs(core) });
}
