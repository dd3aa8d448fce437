import { findModel } from "../../catalogue/models.js";
import type { Now } from "../../core/clock.js";
import { invalid } from "../../core/errors.js";
import { newUuid } from "../../core/ids.js";
import { toFailurePlan } from "../../failures.js";
import { LIFECYCLES, planFor } from "../../lifecycle/durations.js";
import { phaseStart, planEnd } from "../../lifecycle/phases.js";
import type { KindSeeding } from "../seeding.js";
import type { DeploymentRecord, DeploymentSettings } from "./record.js";
import { deploymentView } from "./views.js";

/** Deployments for the control API; `status` is reached by moving the creation time (or pinned). */
export const deploymentSeeding: KindSeeding<DeploymentRecord> = {
  keyField: "name",
  required: ["base_model"],
  stored: {
    base_model: "string",
    accelerator: "string",
    min_replicas: "integer",
    max_replicas: "integer",
    description: "nullable-string",
    uuid: "string",
  },
  create: (core, key, fields, now) => {
    const baseModel = String(fields.base_model ?? "");
    return {
      created_at: now.t,
      extra: {},
      touched_at: now.t,
      failure: null,
      uuid: newUuid(),
      name: key,
      base_model: baseModel,
      accelerator: findModel(baseModel)?.min_accelerator ?? "a10_24gb",
      min_replicas: 0,
      max_replicas: 1,
      description: null,
      plan: planFor("deployment", core.durations, now.immediate),
      last_request_at: null,
      deleted_at: null,
      deleting_seconds: now.immediate ? 0 : core.durations.deployment_deleting,
      standby_idle_seconds: core.durations.deployment_standby_idle,
    };
  },
  anchor: (d, status, fields, now) => {
    const known = LIFECYCLES.deployment.phases.some((p) => p.status === status) || status === "ready";
    if (known || status === "standby") {
      d.deleted_at = null;
      d.failure = null;
      d.updating_until = null;
      d.updated_from = null;
      d.created_at = now.t - offsetOf(d, status, now);
      d.last_request_at = status === "ready" ? now.t : null;
      if (status === "standby") {
        d.min_replicas = 0;
        d.created_at = now.t - planEnd(d.plan, 0, now) - d.standby_idle_seconds * 1000;
      }
      return true;
    }
    if (status === "updating") {
      d.deleted_at = null;
      d.failure = null;
      d.created_at = now.t - planEnd(d.plan, 0, now);
      d.updated_from = now.t;
      d.updating_until = now.t + 60_000;
      return true;
    }
    if (status === "errored") {
      const first = d.plan[0]?.status ?? "pending";
      d.failure = toFailurePlan(
        { kind: "deployment", target: d.name, at: first, message: fields.error },
        now.t,
      );
      d.deleted_at = null;
      return true;
    }
    if (status === "deleting") {
      d.deleted_at = now.t;
      return true;
    }
    return false;
  },
  view: deploymentView,
  setField: (d, field, value) => {
    if (field === "quantization") {
      if (value !== null && typeof value !== "string")
        throw invalid("quantization: expected a string or null");
      d.quantization = value;
    }
    if (field === "uses_guaranteed_capacity") {
      if (typeof value !== "boolean") throw invalid("uses_guaranteed_capacity: expected a boolean");
      d.uses_guaranteed_capacity = value;
    }
    const key = SETTINGS_BY_SNAKE[field];
    if (key !== undefined) d.settings = { ...(d.settings ?? {}), [key]: value };
  },
};

/** Serving settings the control API may set, by their snake_case name (drift tests patch these). */
const SETTINGS_BY_SNAKE: Readonly<Record<string, keyof DeploymentSettings>> = {
  custom_args: "customArgs",
  preloaded_adapters: "preloadedAdapters",
  cooldown_time: "cooldownTime",
  max_total_tokens: "maxTotalTokens",
  scale_up_request_threshold: "scaleUpRequestThreshold",
  lorax_image_tag: "loraxImageTag",
  speculator: "speculator",
  request_logging_enabled: "requestLoggingEnabled",
  direct_ingress: "directIngress",
  prefix_caching: "prefixCaching",
};

const offsetOf = (d: DeploymentRecord, status: string, now: Now): number =>
  phaseStart(d.plan, status, 0, now);
