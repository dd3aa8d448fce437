import type { IncomingMessage } from "node:http";
import type { EmulatorCore } from "../core/context.js";
import { ApiError, notFound } from "../core/errors.js";
import { readJsonBody } from "../http/body.js";
import type { Reply } from "../http/reply.js";
import { Router } from "../http/router.js";
import { registerPlatformBatch, registerSpecBatch } from "../kinds/batch-jobs/routes.js";
import { registerConnections } from "../kinds/connections/routes.js";
import { registerPlatformDatasets, registerSpecDatasets } from "../kinds/datasets/routes.js";
import { registerLegacyDeployments } from "../kinds/deployments/legacy-routes.js";
import { registerPlatformDeployments } from "../kinds/deployments/platform-routes.js";
import { registerSpecDeployments } from "../kinds/deployments/spec-routes.js";
import { registerPlatformFinetuning, registerSpecFinetuning } from "../kinds/finetuning-jobs/routes.js";
import { registerPlatformModels, registerSpecModels } from "../kinds/models/routes.js";
import { registerPlatformRepos, registerSpecRepos } from "../kinds/repos/routes.js";
import { registerUsers } from "../kinds/users/routes.js";
import { settleTenant } from "../lifecycle/settle.js";
import type { Handler } from "./handler.js";

const build = (registers: ((router: Router<Handler>) => void)[]): Router<Handler> => {
  const router = new Router<Handler>();
  for (const register of registers) register(router);
  return router;
};

/** Spec format: paths after `/v2` (spec/predibase-openapi.yaml). */
const specRouter = build([
  registerSpecRepos,
  registerSpecDatasets,
  registerSpecDeployments,
  registerSpecFinetuning,
  registerSpecModels,
  registerSpecBatch,
]);

/** Both formats answer the tenant lookup (docs/wire-contract.md). Full paths. */
const usersRouter = build([registerUsers]);

/** Platform format: full paths, `/v2/...` plus the legacy `/v1/X` and `/X` routes. */
const platformRouter = build([
  registerUsers,
  registerPlatformRepos,
  registerPlatformDatasets,
  registerLegacyDeployments,
  registerPlatformDeployments,
  registerPlatformFinetuning,
  registerPlatformModels,
  registerPlatformBatch,
  registerConnections,
]);

/** Routes one authenticated control-plane call in the emulator's wire format. */
export async function dispatchControl(
  core: EmulatorCore,
  tenantId: string,
  req: IncomingMessage,
  target: { path: string; fullPath: string },
  query: URLSearchParams,
): Promise<Reply> {
  const method = req.method ?? "GET";
  const { fullPath } = target;
  const v2 = fullPath === "/v2" || fullPath.startsWith("/v2/");
  const [router, path] =
    core.wire === "platform"
      ? [platformRouter, fullPath]
      : v2
        ? [specRouter, target.path]
        : [usersRouter, fullPath];
  const match = router.match(method, path);
  if (match.kind === "none") throw notFound(`no route for ${method} ${fullPath}`);
  if (match.kind === "wrong-method") throw methodNotAllowed(method, fullPath, match.allow);
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
