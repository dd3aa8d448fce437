import { type Handler, limited, mustGet } from "../../control-plane/handler.js";
import { notFound } from "../../core/errors.js";
import { json } from "../../http/reply.js";
import type { Router } from "../../http/router.js";
import { FieldReader } from "../../validation/fields.js";
import { readName } from "../../validation/names.js";
import { createDeploymentRecord } from "./create.js";
import { deploymentView } from "./views.js";

/** Spec format: dedicated deployments. A deleted one shows `deleting` (its name still taken), then 404. */
export function registerSpecDeployments(router: Router<Handler>): void {
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
  const accelerator = body.string("accelerator");
  const minReplicas = body.integer("min_replicas", { min: 0 }) ?? 0;
  const maxReplicas = body.integer("max_replicas", { min: 1 }) ?? Math.max(1, minReplicas);
  if (maxReplicas < minReplicas) {
    throw body.fail("max_replicas", `must be >= min_replicas (${minReplicas}); got ${maxReplicas}`);
  }
  const description = body.string("description") ?? null;
  const deployment = createDeploymentRecord(call, {
    name,
    baseModel,
    fields: { baseModel: "base_model", accelerator: "accelerator" },
    accelerator,
    minReplicas,
    maxReplicas,
    description,
  });
  return json(deploymentView(deployment, call.now));
};
