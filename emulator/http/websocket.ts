import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { EmulatorCore } from "../core/context.js";
import { metricsFrames } from "../kinds/finetuning-jobs/metrics.js";
import { settleTenant } from "../lifecycle/settle.js";
import { authenticate } from "./auth.js";

const METRICS_PATH = /^\/v2\/finetuning\/jobs\/([^/]+)\/metrics\/stream$/;
const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/** Real milliseconds between looks at a running job (emulated time moves on its own in scaled mode). */
const POLL_MS = 100;

/**
 * WebSocket upgrades: only the fine-tuning metrics stream (docs/platform-wire.md §4 "watch,
 * phase 2"), in the platform format. The handshake carries the same bearer token. Text frames
 * `{data, meta}` are sent per checkpoint; history is resent on each connection; the server closes
 * after the frame with `meta.is_completed: true`. Anything else is refused with a plain HTTP
 * status, as a gateway does (the official client does not retry a failed handshake).
 */
export function handleUpgrade(core: EmulatorCore, req: IncomingMessage, socket: Duplex): void {
  socket.on("error", () => socket.destroy());
  const refuse = (status: number, reason: string) => {
    const body = JSON.stringify({ error: reason });
    socket.end(
      `HTTP/1.1 ${status} ${reason.split(":")[0]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  };
  const path = new URL(req.url ?? "/", "http://emulator.local").pathname;
  const match = core.wire === "platform" ? METRICS_PATH.exec(path) : null;
  const key = req.headers["sec-websocket-key"];
  if (match === null || typeof key !== "string") {
    refuse(404, `no WebSocket route for ${path}`);
    return;
  }
  let tenantId: string;
  try {
    tenantId = authenticate(req.headers, core.tokens);
  } catch {
    refuse(401, "missing or invalid API token");
    return;
  }
  const jobId = decodeURIComponent(match[1] ?? "");
  const tenant = core.store.tenant(tenantId);
  if (!tenant.finetuning_jobs.has(jobId)) {
    refuse(404, `finetuning job ${jobId} not found`);
    return;
  }
  const accept = createHash("sha1").update(`${key}${WS_GUID}`).digest("base64");
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  let sent = 0;
  let closed = false;
  socket.on("close", () => {
    closed = true;
  });
  // Client frames (pings, close) are read only to notice a close; nothing else is expected.
  socket.on("data", (chunk: Buffer) => {
    if (chunk.length > 0 && ((chunk[0] ?? 0) & 0x0f) === 0x8) finish();
  });
  const finish = () => {
    if (closed) return;
    closed = true;
    socket.end(frame(0x8, Buffer.from([0x03, 0xe8])));
  };
  const tick = () => {
    if (closed) return;
    const now = core.clock.now();
    if (settleTenant(tenant, now)) core.store.markDirty();
    const job = tenant.finetuning_jobs.get(jobId);
    if (job === undefined) return finish();
    const frames = metricsFrames(job, now);
    for (const f of frames.slice(sent)) socket.write(frame(0x1, Buffer.from(JSON.stringify(f))));
    sent = frames.length;
    if (frames.at(-1)?.meta.is_completed) return finish();
    setTimeout(tick, POLL_MS);
  };
  tick();
}

/** One unmasked server frame (RFC 6455 §5.2). */
function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([0x80 | opcode, len])
      : len < 65536
        ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(len)]);
  return Buffer.concat([head, payload]);
}

function bigLength(len: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(len));
  return b;
}
