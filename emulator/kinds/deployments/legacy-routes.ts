import { type Handler, mustGet, requireModel } from "../../control-plane/handler.js";
import type { Call } from "../../core/context.js";
import { badRequest, notFound } from "../../core/errors.js";
import { iso } from "../../core/ids.js";
import { json } from "../../http/reply.js";
import type { Router } from "../../http/router.js";
import { readName } from "../../validation/names.js";
import type { View } from "../extra.js";
import { legacy, platformBody } from "../platform.js";
import { createDeploymentRecord } from "./create.js";
import { deploymentEvents } from "./events.js";
import type { DeploymentRecord } from "./record.js";
import { currentReplicas, deploymentStatus } from "./status.js";

/**
 * The legacy v1 deployment surface the official CLI still uses (docs/platform-wire.md §8) and the
 * events route the v2 SDK waits on (§2 "ready-wait"); each answered as `/v1/X` and as `/X`.
 * Both read and write the same deployments as `/v2/deployments`.
 */
export function registerLegacyDeployments(router: Router<Handler>): void {
  legacy(router, "GET", "/llms", (call) => {
    const activeOnly = call.query.get("activeOnly") === "true";
    const all = [...call.tenant.deployments.values()].map((d) => legacyView(d, call));
    return json(all.filter((v) => v !== undefined && (!activeOnly || v.deploymentStatus !== "deleting")));
  });
  legacy(router, "POST", "/llms", createLlm);
  legacy(router, "GET", "/llms/validate_adapter_compatibility", (call) => {
    const deploymentBase = call.query.get("deploymentBaseModelName");
    const adapterBase = call.query.get("adapterBaseModelName");
    if (!deploymentBase) throw badRequest("deploymentBaseModelName: is required (query parameter)");
    if (!adapterBase) throw badRequest("adapterBaseModelName: is required (query parameter)");
    return json({ compatible: deploymentBase === adapterBase });
  });
  legacy(router, "GET", "/llms/:name", (call) => json(legacyView(live(call), call)));
  legacy(router, "PUT", "/llms/:name", overwriteLlm);
  legacy(router, "DELETE", "/llms/:name", (call) => {
    const d = live(call);
    if (d.deleted_at === null) d.deleted_at = call.now.t;
    return json({});
  });
  legacy(router, "GET", "/llms/:name/events", (call) => json(deploymentEvents(live(call), call.now)));
  legacy(router, "GET", "/llms/:name/scaled", (call) => {
    const d = live(call);
    const st = deploymentStatus(d, call.now);
    return json({ name: d.name, scaled: st !== "gone" && currentReplicas(d, st.status) > 0 });
  });
  legacy(router, "POST", "/llms/:name/cancel", (call) => {
    live(call);
    return json({});
  });
}

function live(call: Call): DeploymentRecord {
  const name = call.params.name ?? "";
  const d = mustGet(call.tenant.deployments, name, "deployment");
  if (deploymentStatus(d, call.now) === "gone") throw notFound(`deployment ${name} not found`);
  return d;
}

/** The v1 object (`LI _LLMDeployment`). */
function legacyView(d: DeploymentRecord, call: Call): (View & { deploymentStatus: string }) | undefined {
  const st = deploymentStatus(d, call.now);
  if (st === "gone") return undefined;
  return {
    id: d.uuid,
    tenantID: call.tenant.id,
    uuid: d.uuid,
    name: d.name,
    description: d.description,
    modelName: d.base_model,
    adapterName: null,
    numShards: 1,
    quantize: d.quantization ?? null,
    deploymentStatus: st.status,
    promptTemplate: null,
    minReplicas: d.min_replicas,
    maxReplicas: d.max_replicas,
    created: iso(d.created_at),
    updated: iso(Math.max(st.since, d.touched_at)),
    createdByUserID: null,
    scaleDownPeriod: d.settings?.cooldownTime ?? 0,
    isShared: false,
    errorText: st.error,
    dynamicAdapterLoadingEnabled: true,
  };
}

const createLlm: Handler = (call) => {
  const body = platformBody(call.body);
  const name = readName(body);
  const modelName = body.string("modelName", { required: true });
  requireModel("modelName", modelName);
  const customArgs = body.strings("customArgs");
  const scaleDownPeriod = body.integer("scaleDownPeriod", { min: 0 });
  const d = createDeploymentRecord(call, {
    name,
    baseModel: modelName,
    fields: { baseModel: "modelName", accelerator: "accelerator" },
    accelerator: undefined,
    minReplicas: 0,
    maxReplicas: 1,
    description: body.string("description") ?? "",
    platform: {
      quantization: body.string("quantize") ?? null,
      uses_guaranteed_capacity: false,
      settings: {
        ...(customArgs === undefined ? {} : { customArgs }),
        ...(scaleDownPeriod === undefined ? {} : { cooldownTime: scaleDownPeriod }),
      },
    },
  });
  return json(legacyView(d, call));
};

/** `PUT /llms/{name}` overwrites the serving settings the v1 body carries, like a v2 update. */
const overwriteLlm: Handler = (call) => {
  const d = live(call);
  const body = platformBody(call.body);
  const customArgs = body.strings("customArgs");
  const scaleDownPeriod = body.integer("scaleDownPeriod", { min: 0 });
  d.settings = {
    ...(d.settings ?? {}),
    ...(customArgs === undefined ? {} : { customArgs }),
    ...(scaleDownPeriod === undefined ? {} : { cooldownTime: scaleDownPeriod }),
  };
  d.touched_at = call.now.t;
  const st = deploymentStatus(d, call.now);
  if (st !== "gone" && ["ready", "standby", "updating"].includes(st.status)) {
    d.updated_from = call.now.t;
    d.updating_until = call.now.t + (call.now.immediate ? 0 : call.core.durations.deployment_updating * 1000);
  }
  return json(legacyView(d, call));
};
