import type { EmulatorCore } from "../core/context.js";
import type { EventSink, Reply, StreamReply } from "../http/reply.js";
import * as http from "../http/reply.js";

/**
 * What the data plane needs from the HTTP layer beyond JSON and `data:` events: a plain-text
 * answer (axum's extractor rejections, the empty `/health` body) and `:` keep-alive comments on
 * idle streams (axum `KeepAlive::default()`, every 15 s, lorax router/src/server.rs).
 */

/** A text/plain answer (an empty body has no content type, like LoRAX's `/health`). */
export function textReply(body: string, status: number): Reply {
  return http.text(body, status);
}

/** An SSE answer that sends a `:` comment whenever it has been idle for `sseKeepAliveMs`. */
export function keepAliveStream(
  produce: (send: EventSink) => Promise<void>,
  headers: Record<string, string>,
  core: EmulatorCore,
): StreamReply {
  return Object.assign(http.stream(produce, headers), { keepAliveMs: core.sseKeepAliveMs });
}
