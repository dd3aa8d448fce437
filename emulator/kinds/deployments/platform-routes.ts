import { findAccelerator } from "../../catalogue/accelerators.js";
import { type Handler, limited, mustGet, requireModel } from "../../control-plane/handler.js";
import type { Call } from "../../core/context.js";
import { badRequest, conflict, notFound, unprocessable } from "../../core/errors.js";
import { bytes, json } from "../../http/reply.js";
import type { Router } from "../../http/router.js";
import { readName } from "../../validation/names.js";
import { platformBody } from "../platform.js";
import { EMPTY_ZIP } from "../zip.js";
import { readConfig, settingsOf, UPDATABLE_KEYS } from "./config.js";
import { createDeploymentRecord } from "./create.js";
import type { DeploymentRecord } from "./record.js";
import { deploymentStatus } from "./status.js";
import { platformDeploymentView } from "./views.js";

const LIST_TYPES = ["serverless", "dedicated", "shared", "private"];

/**
 * Platform format, docs/platform-wire.md §2. GET and list wrap in `{"data": …}`; create and
 * update answer the same envelope (the official SDK ignores both bodies and re-reads).
 */
export function registerPlatformDeployments(router: Router<Handler>): void {
  router
    .on("POST", "/v2/deployments", createDeployment)
    .on("GET", "/v2/deployments", (call) => {
      const type = call.query.get("type");
      if (type !== null && !LIST_TYPES.includes(type.toLowerCase())) {
        throw badRequest(`type: must be one of ${LIST_TYPES.join(", ")}; got "${type}"`);
      }
      // Every emulated deployment is a dedicated (private) one.
      const matches = type === null || ["dedicated", "private"].includes(type.toLowerCase());
      const views = matches
        ? [...call.tenant.deployments.values()].map((d) => platformDeploymentView(d, call.now))
        : [];
      return json({
        data: limited(
          views.filter((v) => v !== undefined),
          call.query,
        ),
      });
    })
    .on("GET", "/v2/deployments/recommended-config", recommendedConfig)
    .on("GET", "/v2/deployments/:name", (call) => json({ data: viewOrGone(call, live(call)) }))
    .on("PUT", "/v2/deployments/:name", updateDeployment)
    .on("DELETE", "/v2/deployments/:name", (call) => {
      const d = live(call);
      // Deleting twice is harmless: the first delete's clock keeps running.
      if (d.deleted_at === null) d.deleted_at = call.now.t;
      return json({});
    })
    .on("GET", "/v2/deployments/:name/request-logs", (call) => {
      live(call);
      for (const field of ["from", "to"]) {
        const raw = call.query.get(field);
        if (raw !== null && Number.isNaN(Date.parse(raw))) {
          throw badRequest(`${field}: expected an ISO date-time; got "${raw}"`);
        }
      }
      // The emulator keeps no request bodies: an empty zip archive.
      return bytes(EMPTY_ZIP, "application/zip");
    });
}

/** The deployment named in the path, 404 once its delete has finished. */
function live(call: Call): DeploymentRecord {
  const name = call.params.name ?? "";
  const d = mustGet(call.tenant.deployments, name, "deployment");
  if (deploymentStatus(d, call.now) === "gone") throw notFound(`deployment ${name} not found`);
  return d;
}

function viewOrGone(call: Call, d: DeploymentRecord) {
  const view = platformDeploymentView(d, call.now);
  if (view === undefined) throw notFound(`deployment ${d.name} not found`);
  return view;
}

const createDeployment: Handler = (call) => {
  const body = platformBody(call.body);
  body.onlyKeys(["name", "config", "description"]);
  const name = readName(body);
  const config = body.object("config", { required: true });
  if (config === undefined) throw badRequest("config: is required");
  const c = readConfig(config);
  if (c.baseModel === undefined) throw config.fail("baseModel", "is required", 400);
  const minReplicas = (c.minReplicas as number | undefined) ?? 0;
  const maxReplicas = (c.maxReplicas as number | undefined) ?? Math.max(1, minReplicas);
  if (maxReplicas < minReplicas) {
    throw config.fail("maxReplicas", `must be >= config.minReplicas (${minReplicas}); got ${maxReplicas}`);
  }
  const deployment = createDeploymentRecord(call, {
    name,
    baseModel: c.baseModel as string,
    fields: { baseModel: "config.baseModel", accelerator: "config.accelerator" },
    accelerator: c.accelerator as string | undefined,
    minReplicas,
    maxReplicas,
    // The official SDK defaults description to "" (docs/platform-wire.md §2 create).
    description: body.string("description") ?? "",
    platform: {
      quantization: (c.quantization as string | undefined) ?? null,
      uses_guaranteed_capacity: (c.usesGuaranteedCapacity as boolean | undefined) ?? false,
      settings: settingsOf(c),
    },
  });
  return json({ data: viewOrGone(call, deployment) });
};

/**
 * `PUT /v2/deployments/{name}` `{config?, description?}`. Null config keys mean "unchanged"
 * (the SDK sends all 13 with nulls). A change to any serving setting shows `updating` for
 * `deployment_updating` seconds, then `ready`; the uuid stays.
 */
const updateDeployment: Handler = (call) => {
  const d = live(call);
  const body = platformBody(call.body);
  body.onlyKeys(["config", "description"]);
  const config = body.object("config");
  const description = body.string("description");
  const c = config === undefined ? {} : readConfig(config);
  for (const key of Object.keys(c)) {
    if (!(UPDATABLE_KEYS as string[]).includes(key)) {
      throw config?.fail(key, "cannot be changed by an update; delete and recreate the deployment", 422);
    }
  }
  const st = deploymentStatus(d, call.now);
  if (st !== "gone" && st.status === "deleting") throw conflict(`deployment ${d.name} is being deleted`);
  const minReplicas = (c.minReplicas as number | undefined) ?? d.min_replicas;
  const maxReplicas = (c.maxReplicas as number | undefined) ?? d.max_replicas;
  if (maxReplicas < minReplicas) {
    throw unprocessable(
      `config.maxReplicas: must be >= config.minReplicas (${minReplicas}); got ${maxReplicas}`,
    );
  }
  const { now, core } = call;
  const settings = { ...(d.settings ?? {}), ...settingsOf(c) };
  const changed =
    c.hfToken !== undefined ||
    minReplicas !== d.min_replicas ||
    maxReplicas !== d.max_replicas ||
    JSON.stringify(settings) !== JSON.stringify(d.settings ?? {});
  if (description !== undefined) d.description = description;
  d.min_replicas = minReplicas;
  d.max_replicas = maxReplicas;
  d.settings = settings;
  d.touched_at = now.t;
  if (changed && st !== "gone" && ["ready", "standby", "updating", "errored"].includes(st.status)) {
    if (st.status === "errored") {
      // An update redeploys: the failure is behind it, the plan counts as done.
      d.failure = null;
      d.created_at = Math.min(d.created_at, now.t - d.plan.reduce((ms, p) => ms + p.seconds * 1000, 0));
    }
    d.updated_from = now.t;
    d.updating_until = now.t + (now.immediate ? 0 : core.durations.deployment_updating * 1000);
    d.last_request_at = null;
  }
  return json({ data: viewOrGone(call, d) });
};

/** `GET /v2/deployments/recommended-config?baseModel=…`: the SDK returns this dict unparsed. */
const recommendedConfig: Handler = (call) => {
  const baseModel = call.query.get("baseModel");
  if (baseModel === null || baseModel === "") throw badRequest("baseModel: is required (query parameter)");
  const model = requireModel("baseModel", baseModel);
  const requested = call.query.get("accelerator");
  if (requested !== null && findAccelerator(requested) === undefined) {
    throw unprocessable(`accelerator: unknown accelerator "${requested}"`);
  }
  return json({
    baseModel: model.name,
    accelerator: requested ?? model.min_accelerator,
    quantization: call.query.get("quantization") ?? "none",
    minReplicas: 0,
    maxReplicas: 1,
    maxTotalTokens: model.context_window,
    cooldownTime: 3600,
  });
};
