import type { IncomingMessage } from "node:http";
import { methodNotAllowed } from "../control-plane/routes.js";
import type { EmulatorCore } from "../core/context.js";
import { ApiError, notFound } from "../core/errors.js";
import type { Reply } from "../http/reply.js";
import { Router } from "../http/router.js";
import { deploymentStatus, SERVING_STATUSES } from "../lifecycle/deployment.js";
import { settleTenant } from "../lifecycle/settle.js";
import { ExtractorError, parseJsonText, requireJsonContentType } from "./extract.js";
import { health } from "./health.js";
import { textReply } from "./http-compat.js";
import { compat, generate, generateStream } from "./native.js";
import { chatCompletions, completions } from "./openai.js";
import type { DataHandler } from "./serve.js";

const router = new Router<DataHandler>()
  .on("POST", "/", compat)
  .on("POST", "/generate", generate)
  .on("POST", "/generate_stream", generateStream)
  .on("POST", "/v1/chat/completions", chatCompletions)
  .on("POST", "/v1/completions", completions)
  .on("GET", "/health", health);

/** Where a data-plane URL points: `/{tenant}/deployments/v2/llms/{deployment}{rest}`. */
export interface DataTarget {
  tenant: string;
  deployment: string;
  rest: string;
  path: string;
}

const deploymentNotFound = (name: string): ApiError => notFound(`deployment ${name} not found`);

/**
 * Routes one authenticated data-plane call. A tenant segment other than the token's own reads as
 * an unknown deployment (404), so tenants cannot probe each other. Any call except `/health`
 * counts as traffic: it keeps a scale-to-zero deployment warm and wakes one in standby.
 */
export async function dispatchData(
  core: EmulatorCore,
  tenantId: string,
  req: IncomingMessage,
  target: DataTarget,
  query: URLSearchParams,
): Promise<Reply> {
  const method = req.method ?? "GET";
  const match = router.match(method, target.rest);
  if (match.kind === "none") throw notFound(`no route for ${method} ${target.path}`);
  if (match.kind === "wrong-method") throw methodNotAllowed(method, target.path, match.allow);
  if (target.tenant !== tenantId) throw deploymentNotFound(target.deployment);
  const tenant = core.store.tenant(tenantId);
  const now = core.clock.now();
  if (settleTenant(tenant, now)) core.store.markDirty();
  const deployment = tenant.deployments.get(target.deployment);
  const status = deployment === undefined ? "gone" : deploymentStatus(deployment, now);
  if (deployment === undefined || status === "gone") throw deploymentNotFound(target.deployment);
  // A status pinned out of band (`stopped`, `failed`, …) is what the platform reports, so it rules.
  const pinned = deployment.extra.status;
  const shown = typeof pinned === "string" ? pinned : status.status;
  if (!SERVING_STATUSES.includes(shown)) {
    throw new ApiError(503, "not_ready", `Deployment ${deployment.name} is not ready (status: ${shown})`);
  }
  if (match.handler !== health) {
    deployment.last_request_at = now.t;
    core.store.markDirty();
  }
  try {
    // Every POST route reads its body with axum's `Json` extractor; `/health` reads none.
    const body = method === "POST" ? await readBody(req) : undefined;
    return await match.handler({
      core,
      tenant,
      now,
      params: match.params,
      query,
      body,
      headers: req.headers,
      deployment,
    });
  } catch (err) {
    if (err instanceof ExtractorError) return textReply(err.message, err.status);
    throw err;
  }
}

// Far above any real request; stops a runaway client from filling memory.
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The JSON body, after axum's checks: a JSON content type (415), then well-formed JSON (400). */
async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, "validation", "request body too large (max 16 MiB)");
    chunks.push(buf);
  }
  requireJsonContentType(req.headers);
  return parseJsonText(Buffer.concat(chunks).toString("utf8"));
}
