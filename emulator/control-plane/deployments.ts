import { ACCELERATORS, findAccelerator } from "../catalogue/accelerators.js";
import { conflict, notFound, unprocessable } from "../core/errors.js";
import { newUuid } from "../core/ids.js";
import { json } from "../http/reply.js";
import type { Router } from "../http/router.js";
import { planFor } from "../lifecycle/durations.js";
import type { DeploymentRecord } from "../state/records.js";
import { deploymentView } from "../state/views.js";
import { FieldReader } from "../validation/fields.js";
import { readName } from "../validation/names.js";
import { type Handler, limited, mustGet, requireModel } from "./handler.js";

/** Dedicated deployments. A deleted one shows `deleting` (its name still taken), then 404. */
export function registerDeployments(router: Router<Handler>): void {
  router
    .on("POST", "/deployments", createDeployment)
    .on("GET", "/deployments", (call) => {
      const views = [...call.tenant.deployments.values()].map((d) => deploymentView(d, call.now));
      return json({
        data: limited(
          views.filter((v) => v !== undefined),
          call.query,
        ),
      });
    })
    .on("GET", "/deployments/:name", (call) => {
      const name = call.params.name ?? "";
      const view = deploymentView(mustGet(call.tenant.deployments, name, "deployment"), call.now);
      if (view === undefined) throw notFound(`deployment ${name} not found`);
      return json(view);
    })
    .on("DELETE", "/deployments/:name", (call) => {
      const d = mustGet(call.tenant.deployments, call.params.name ?? "", "deployment");
      // Deleting twice is harmless: the first delete's clock keeps running.
      if (d.deleted_at === null) d.deleted_at = call.now.t;
      return json({});
    });
}

const createDeployment: Handler = (call) => {
  const body = FieldReader.of(call.body);
  const name = readName(body);
  const baseModel = body.string("base_model", { required: true });
  const requested = body.string("accelerator");
  const minReplicas = body.integer("min_replicas", { min: 0 }) ?? 0;
  const maxReplicas = body.integer("max_replicas", { min: 1 }) ?? Math.max(1, minReplicas);
  if (maxReplicas < minReplicas) {
    throw body.fail("max_replicas", `must be >= min_replicas (${minReplicas}); got ${maxReplicas}`);
  }
  const description = body.string("description") ?? null;
  const model = requireModel("base_model", baseModel);
  if (!model.servable) {
    throw unprocessable(
      `base_model: ${model.name} cannot be served: it needs ${model.min_gpu_memory_gb} GB of GPU memory, more than any accelerator offers`,
    );
  }
  const accelerator = findAccelerator(requested ?? model.min_accelerator);
  if (!accelerator) {
    const known = ACCELERATORS.map((a) => a.id).join(", ");
    throw unprocessable(`accelerator: unknown accelerator "${requested}"; known: ${known}`);
  }
  if (accelerator.memory_gb < model.min_gpu_memory_gb) {
    throw unprocessable(
      `accelerator ${accelerator.id} is too small for ${model.name}: needs ${model.min_gpu_memory_gb} GB, has ${accelerator.memory_gb} GB`,
    );
  }
  const existing = call.tenant.deployments.get(name);
  if (existing) {
    const status = deploymentView(existing, call.now)?.status ?? "deleting";
    throw conflict(`deployment ${name} already exists (status: ${status})`);
  }
  const { core, now, tenant } = call;
  const deployment: DeploymentRecord = {
    uuid: newUuid(),
    name,
    base_model: model.name,
    accelerator: accelerator.id,
    min_replicas: minReplicas,
    max_replicas: maxReplicas,
    description,
    created_at: now.t,
    touched_at: now.t,
    plan: planFor("deployment", core.durations, now.immediate),
    last_request_at: null,
    deleted_at: null,
    deleting_seconds: now.immediate ? 0 : core.durations.deployment_deleting,
    standby_idle_seconds: core.durations.deployment_standby_idle,
    failure: core.failures.claim("deployment", tenant.id, name, now.t),
    extra: {},
  };
  tenant.deployments.set(name, deployment);
  return json(deploymentView(deployment, now));
};
