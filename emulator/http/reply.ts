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
}

/** Raw bytes (zip downloads, uploaded files). */
export interface BytesReply {
  kind: "bytes";
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type Reply = JsonReply | StreamReply | BytesReply;

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
  // LoRAX (axum) framing: `data:` with no space, compact JSON, blank line.
  const send: EventSink = async (payload) => {
    if (res.destroyed || res.writableEnded) return false;
    if (!res.write(`data:${payload}\n\n`)) await new Promise<void>((resolve) => res.once("drain", resolve));
    return !res.destroyed;
  };
  try {
    await reply.produce(send);
  } finally {
    if (!res.writableEnded) res.end();
  }
}
