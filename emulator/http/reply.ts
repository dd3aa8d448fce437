import type { ServerResponse } from "node:http";
import { ApiError } from "../core/errors.js";

/** A JSON answer. */
export interface JsonReply {
  kind: "json";
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Writes one SSE event (`data:` + payload + blank line); resolves false once the client is gone. */
export type EventSink = (payload: string) => Promise<boolean>;

/** An SSE answer: headers go out at once, then `produce` writes events. */
export interface StreamReply {
  kind: "stream";
  status: number;
  headers: Record<string, string>;
  produce: (send: EventSink) => Promise<void>;
  /**
   * When set, a `:` comment goes out whenever the stream has been idle this long (axum's
   * `KeepAlive`, every 15 s by default in LoRAX's router/src/server.rs).
   */
  keepAliveMs?: number;
}

/** Raw bytes (zip downloads, uploaded files). */
export interface BytesReply {
  kind: "bytes";
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type Reply = JsonReply | StreamReply | BytesReply;

/** A text/plain answer (axum's extractor rejections); an empty body goes out with no content type. */
export const text = (body: string, status = 200, headers: Record<string, string> = {}): BytesReply => ({
  kind: "bytes",
  status,
  headers: body === "" ? { ...headers } : { "content-type": "text/plain; charset=utf-8", ...headers },
  body: Buffer.from(body, "utf8"),
});

export const bytes = (body: Buffer, contentType: string, status = 200): BytesReply => ({
  kind: "bytes",
  status,
  headers: { "content-type": contentType },
  body,
});

/** The live control plane's error body is `{"error": "<message>"}` only (docs/platform-wire.md §1). */
export function toPlatformError(reply: Reply): Reply {
  if (reply.kind !== "json" || reply.status < 400) return reply;
  const body = reply.body as { error?: unknown };
  return { ...reply, body: { error: body.error } };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): JsonReply => ({
  kind: "json",
  status,
  headers,
  body,
});

export const stream = (
  produce: StreamReply["produce"],
  headers: Record<string, string> = {},
): StreamReply => ({
  kind: "stream",
  status: 200,
  headers,
  produce,
});

/** Any thrown value as the platform's error body; unexpected ones become a 500 without internals. */
export function errorReply(err: unknown): JsonReply {
  if (err instanceof ApiError) return json(err.body(), err.status, { ...err.headers });
  // A client that hangs up mid-request (a timeout or an abort on its side) is not our error.
  const clientGone =
    err instanceof Error && (err.message === "aborted" || (err as { code?: string }).code === "ECONNRESET");
  if (!clientGone) console.error("[predibase-emulator] unexpected error:", err);
  return json({ error: "Internal server error", error_type: "server" }, 500);
}

export async function sendReply(res: ServerResponse, reply: Reply): Promise<void> {
  if (reply.kind === "bytes") {
    res.writeHead(reply.status, { ...reply.headers, "content-length": String(reply.body.length) });
    res.end(reply.body);
    return;
  }
  if (reply.kind === "json") {
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, { ...reply.headers, "content-type": "application/json" });
    res.end(text);
    return;
  }
  res.writeHead(reply.status, {
    ...reply.headers,
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    "x-accel-buffering": "no",
  });
  // Keep-alive: a `:` comment after each idle interval, re-armed by every write.
  let idle: NodeJS.Timeout | undefined;
  const arm = () => {
    if (reply.keepAliveMs === undefined || !(reply.keepAliveMs > 0)) return;
    clearTimeout(idle);
    idle = setTimeout(() => {
      if (res.destroyed || res.writableEnded) return;
      res.write(":\n\n");
      arm();
    }, reply.keepAliveMs);
  };
  // LoRAX (axum) framing: `data:` with no space, compact JSON, blank line.
  const send: EventSink = async (payload) => {
    if (res.destroyed || res.writableEnded) return false;
    arm();
    if (!res.write(`data:${payload}\n\n`)) await new Promise<void>((resolve) => res.once("drain", resolve));
    return !res.destroyed;
  };
  try {
    arm();
    await reply.produce(send);
  } finally {
    clearTimeout(idle);
    if (!res.writableEnded) res.end();
  }
}
