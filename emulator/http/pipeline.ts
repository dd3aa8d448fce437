import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorControl } from "../admin/control-api.js";
import { dispatchAdmin } from "../admin/routes.js";
import { dispatchControl } from "../control-plane/routes.js";
import type { EmulatorCore } from "../core/context.js";
import { notFound } from "../core/errors.js";
import { newRequestId } from "../core/ids.js";
import { PLATFORM_RELEASE_VERSION } from "../core/wire.js";
import { dispatchData } from "../data-plane/routes.js";
import { faultError } from "../fault-responses.js";
import type { FaultRule } from "../faults.js";
import { authenticate } from "./auth.js";
import { classify } from "./classify.js";
import { errorReply, type Reply, sendReply, toPlatformError } from "./reply.js";
import type { RequestLogEntry } from "./request-log.js";
import { handleUpload } from "./uploads.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One request, start to finish: request id; admin calls straight through; platform calls go
 * faults (before) → auth → route → handler → persist → faults (after) → answer, and are logged.
 */
export async function handleRequest(
  core: EmulatorCore,
  control: EmulatorControl,
  req: IncomingMessage,
  res: ServerResponse,
  logRequests: boolean,
): Promise<void> {
  const requestId = newRequestId();
  res.setHeader("x-request-id", requestId);
  const url = new URL(req.url ?? "/", "http://emulator.local");
  const target = classify(url.pathname);
  const method = req.method ?? "GET";
  if (target.plane === "upload") {
    return sendReply(res, await answer(() => handleUpload(core, req, target.object)));
  }
  if (target.plane === "admin" || target.plane === "none") {
    const reply = await answer(async () => {
      if (target.plane === "none") throw notFound(`no route for ${method} ${target.path}`);
      return dispatchAdmin(control, req, target.path, url.searchParams);
    });
    return sendReply(res, reply);
  }
  const started = Date.now();
  let tenant: string | null = null;
  const record = (status: number, fault: FaultRule | null) => {
    const entry = core.log.record({
      method,
      path: url.pathname,
      status,
      plane: target.plane,
      time: new Date(started).toISOString(),
      tenant,
      request_id: requestId,
      fault: fault?.kind ?? null,
      duration_ms: Date.now() - started,
    });
    if (logRequests) console.error(describeEntry(entry));
  };
  // Fault paths: after /v2 on the control plane, the full path on the data plane.
  const decision = core.faults.decide({ method, path: target.path, plane: target.plane });
  if (decision.delayMs > 0) await sleep(decision.delayMs);
  const fault = decision.fault;
  const platformFaults = target.plane === "control" && core.wire === "platform";
  if (fault !== null && !fault.after) return injectFault(res, fault, record, platformFaults);

  const platformControl = target.plane === "control" && core.wire === "platform";
  if (platformControl) res.setHeader("x-predibase-release-version", PLATFORM_RELEASE_VERSION);
  const answered = await answer(async () => {
    tenant = authenticate(req.headers, core.tokens);
    return target.plane === "control"
      ? dispatchControl(core, tenant, req, target, url.searchParams)
      : dispatchData(core, tenant, req, target, url.searchParams);
  });
  const reply = platformControl ? toPlatformError(answered) : answered;
  if (method !== "GET" && method !== "HEAD" && reply.status < 400) core.store.markDirty();
  core.store.flush();
  if (fault !== null) return injectFault(res, fault, record, platformFaults);
  record(reply.status, null);
  await sendReply(res, reply);
}

function describeEntry(e: RequestLogEntry): string {
  const fault = e.fault === null ? "" : ` (fault: ${e.fault})`;
  return `[predibase-emulator] ${e.method} ${e.path} → ${e.status === 0 ? "reset" : e.status} ${e.duration_ms}ms${fault}`;
}

async function answer(run: () => Promise<Reply>): Promise<Reply> {
  try {
    return await run();
  } catch (err) {
    return errorReply(err);
  }
}

/** A reset closes the socket with no answer at all; a status fault answers like the real service. */
async function injectFault(
  res: ServerResponse,
  fault: FaultRule,
  record: (status: number, fault: FaultRule) => void,
  platform: boolean,
): Promise<void> {
  if (fault.kind === "reset") {
    record(0, fault);
    res.socket?.destroy();
    return;
  }
  const err = faultError(fault);
  record(err.status, fault);
  const reply = errorReply(err);
  await sendReply(res, platform ? toPlatformError(reply) : reply);
}
