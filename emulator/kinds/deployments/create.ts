import { ACCELERATORS, findAccelerator } from "../../catalogue/accelerators.js";
import { requireModel } from "../../control-plane/handler.js";
import type { Call } from "../../core/context.js";
import { conflict, unprocessable } from "../../core/errors.js";
import { newUuid } from "../../core/ids.js";
import { planFor } from "../../lifecycle/durations.js";
import type { DeploymentRecord } from "./record.js";
import { deploymentStatus } from "./status.js";

export interface NewDeployment {
  name: string;
  baseModel: string;
  /** Field names as the caller's format spells them, so errors name what the client sent. */
  fields: { baseModel: string; accelerator: string };
  accelerator: string | undefined;
  minReplicas: number;
  maxReplicas: number;
  description: string | null;
  platform?: Pick<DeploymentRecord, "quantization" | "uses_guaranteed_capacity" | "settings">;
}

/** Checks the model and accelerator, then stores a new deployment (both formats share this). */
export function createDeploymentRecord(call: Call, input: NewDeployment): DeploymentRecord {
  const model = requireModel(input.fields.baseModel, input.baseModel);
  if (!model.servable) {
    throw unprocessable(
      `${input.fields.baseModel}: ${model.name} cannot be served: it needs ${model.min_gpu_memory_gb} GB of GPU memory, more than any accelerator offers`,
    );
  }
  const accelerator = findAccelerator(input.accelerator ?? model.min_accelerator);
  if (!accelerator) {
    const known = ACCELERATORS.map((a) => a.id).join(", ");
    throw unprocessable(
      `${input.fields.accelerator}: unknown accelerator "${input.accelerator}"; known: ${known}`,
    );
  }
  if (accelerator.memory_gb < model.min_gpu_memory_gb) {
    throw unprocessable(
      `accelerator ${accelerator.id} is too small for ${model.name}: needs ${model.min_gpu_memory_gb} GB, has ${accelerator.memory_gb} GB`,
    );
  }
  const existing = call.tenant.deployments.get(input.name);
  if (existing) {
    const st = deploymentStatus(existing, call.now);
    throw conflict(
      `deployment ${input.name} already exists (status: ${st === "gone" ? "deleting" : st.status})`,
    );
  }
  const { core, now, tenant } = call;
  const deployment: DeploymentRecord = {
    uuid: newUuid(),
    name: input.name,
    base_model: model.name,
    accelerator: accelerator.id,
    min_replicas: input.minReplicas,
    max_replicas: input.maxReplicas,
    description: input.description,
    created_at: now.t,
    touched_at: now.t,
    plan: planFor("deployment", core.durations, now.immediate),
    last_request_at: null,
    deleted_at: null,
    deleting_seconds: now.immediate ? 0 : core.durations.deployment_deleting,
    standby_idle_seconds: core.durations.deployment_standby_idle,
    failure: core.failures.claim("deployment", tenant.id, input.name, now.t),
    extra: {},
    ...(input.platform ?? {}),
  };
  tenant.deployments.set(input.name, deployment);
  return deployment;
}
