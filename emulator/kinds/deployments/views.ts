import { findModel } from "../../catalogue/models.js";
import type { Now } from "../../core/clock.js";
import { iso } from "../../core/ids.js";
import { platformExtra, type View } from "../extra.js";
import type { DeploymentRecord } from "./record.js";
import { currentReplicas, deploymentStatus } from "./status.js";

/** Spec format (spec/predibase-openapi.yaml): flat snake_case. Undefined once the delete finished. */
export function deploymentView(d: DeploymentRecord, now: Now): View | undefined {
  const st = deploymentStatus(d, now);
  if (st === "gone") return undefined;
  return {
    uuid: d.uuid,
    name: d.name,
    base_model: d.base_model,
    accelerator: d.accelerator,
    min_replicas: d.min_replicas,
    max_replicas: d.max_replicas,
    current_replicas: currentReplicas(d, st.status),
    status: st.status,
    description: d.description,
    created_at: iso(d.created_at),
    updated_at: iso(Math.max(st.since, d.touched_at)),
    error: st.error,
    ...d.extra,
  };
}

/**
 * The 17 config keys in the order docs/platform-wire.md §2 lists them. `hfToken` always reads
 * null: the platform never returns a secret, and the emulator never stores it.
 */
export function platformConfig(d: DeploymentRecord): View {
  const s = d.settings ?? {};
  return {
    baseModel: d.base_model,
    accelerator: d.accelerator,
    quantization: d.quantization ?? null,
    usesGuaranteedCapacity: d.uses_guaranteed_capacity ?? false,
    customArgs: s.customArgs ?? null,
    preloadedAdapters: s.preloadedAdapters ?? null,
    cooldownTime: s.cooldownTime ?? null,
    minReplicas: d.min_replicas,
    maxReplicas: d.max_replicas,
    maxTotalTokens: s.maxTotalTokens ?? null,
    scaleUpRequestThreshold: s.scaleUpRequestThreshold ?? null,
    hfToken: null,
    loraxImageTag: s.loraxImageTag ?? null,
    speculator: s.speculator ?? null,
    requestLoggingEnabled: s.requestLoggingEnabled ?? null,
    directIngress: s.directIngress ?? null,
    prefixCaching: s.prefixCaching ?? null,
  };
}

/**
 * Platform format: the object inside `{"data": …}` of `GET /v2/deployments/{name}` (the fields the
 * official SDK requires, docs/platform-wire.md §2 "Deployment object", plus the ones
 * docs/wire-contract.md fixes: `createdAt`, `updatedAt`, `errorText`).
 */
export function platformDeploymentView(d: DeploymentRecord, now: Now): View | undefined {
  const st = deploymentStatus(d, now);
  if (st === "gone") return undefined;
  const model = findModel(d.base_model);
  const view: View = {
    name: d.name,
    uuid: d.uuid,
    description: d.description,
    type: "dedicated",
    status: st.status,
    model: { name: d.base_model, maxInputLength: model?.context_window ?? 4096 },
    accelerator: { id: d.accelerator },
    quantization: d.quantization ?? null,
    currentReplicas: currentReplicas(d, st.status),
    config: platformConfig(d),
    usesGuaranteedCapacity: d.uses_guaranteed_capacity ?? false,
    createdAt: iso(d.created_at),
    updatedAt: iso(Math.max(st.since, d.touched_at)),
    errorText: st.error,
  };
  return platformExtra(view, d.extra, "errorText");
}
