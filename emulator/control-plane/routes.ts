import type { IncomingMessage } from "node:http";
import type { EmulatorCore } from "../core/context.js";
import { ApiError, notFound } from "../core/errors.js";
import { readJsonBody } from "../http/body.js";
import type { Reply } from "../http/reply.js";
import { Router } from "../http/router.js";
import { settleTenant } from "../lifecycle/settle.js";
import { registerBatch } from "./batch.js";
import { registerDatasets } from "./datasets.js";
import { registerDeployments } from "./deployments.js";
import { registerFinetuning } from "./finetuning.js";
import type { Handler } from "./handler.js";
import { registerModels } from "./models.js";
import { registerRepos } from "./repos.js";

const router = new Router<Handler>();
for (const register of [
  registerRepos,
  registerDatasets,
  registerDeployments,
  registerFinetuning,
  registerModels,
  registerBatch,
]) {
  register(router);
}

/** Routes one authenticated control-plane call; `path` is what follows `/v2`. */
export async function dispatchControl(
  core: EmulatorCore,
  tenantId: string,
  req: IncomingMessage,
  path: string,
  query: URLSearchParams,
): Promise<Reply> {
  const method = req.method ?? "GET";
  const match = router.match(method, path);
  if (match.kind === "none") throw notFound(`no route for ${method} /v2${path}`);
  if (match.kind === "wrong-method") throw methodNotAllowed(method, `/v2${path}`, match.allow);
  const body = await readJsonBody(req);
  const tenant = core.store.tenant(tenantId);
  const now = core.clock.now();
  if (settleTenant(tenant, now)) core.store.markDirty();
  return match.handler({ core, tenant, now, params: match.params, query, body, headers: req.headers });
}

export function methodNotAllowed(method: string, path: string, allow: string[]): ApiError {
  const allowed = allow.join(", ");
  return new ApiError(
    405,
    "method_not_allowed",
    `method ${method} is not allowed on ${path}; allowed: ${allowed}`,
    {
      allow: allowed,
    },
  );
}
