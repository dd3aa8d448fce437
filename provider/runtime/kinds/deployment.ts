import { NotFoundError } from "../../../sdk/errors.js";
import type { Deployment, DeploymentCreateParams, DeploymentUpdateParams } from "../../../sdk/index.js";
import { createOrAdopt, differences } from "../adopt.js";
import { awaitCondition, settle } from "../awaiting.js";
import { checkAccelerator, checkedBefore, findModel } from "../catalogue.js";
import { keptIfCreated } from "../created.js";
import { checkTimeouts, timeoutMs } from "../durations.js";
import { warn } from "../engine-log.js";
import { unlessGone } from "../gone.js";
import { type KindSpec, outputsOf, platformChanges, wireParams } from "../kind.js";
import { validateForCreate } from "../revalidate.js";
import { dataPlaneUrls, platform, resolveTenantQuietly, wireFormat } from "../settings.js";
import { deploymentSettled, deploymentStatus } from "../statuses.js";
import {
  checkBoolean,
  checkInteger,
  checkName,
  checkOptionalString,
  checkRequiredString,
  checkStringList,
  isUnknown,
  type Props,
} from "../validate.js";

/** GPUs can take long to find and models long to load: an hour and a half before giving up. */
const CREATE_TIMEOUT_MS = 90 * 60_000;
const DELETE_TIMEOUT_MS = 30 * 60_000;
/** Platform default when max_replicas is left out (platform-facts §1). */
const DEFAULT_MAX_REPLICAS = 1;

export const deploymentSpec: KindSpec<Deployment> = {
  label: "Deployment",
  named: true,
  // Serving settings change in place through `PUT /v2/deployments/{name}` on the platform format
  // (docs/platform-wire.md); the spec format has no update endpoint, so there they replace.
  fields: [
    { input: "baseModel", wire: "base_model", onChange: "replace" },
    { input: "accelerator", wire: "accelerator", onChange: "replace" },
    { input: "quantization", wire: "quantization", onChange: "replace" },
    { input: "minReplicas", wire: "min_replicas", onChange: "update" },
    { input: "maxReplicas", wire: "max_replicas", onChange: "update" },
    { input: "description", wire: "description", onChange: "update" },
    { input: "cooldownTime", wire: "cooldown_time", onChange: "update" },
    { input: "maxTotalTokens", wire: "max_total_tokens", onChange: "update" },
    { input: "scaleUpRequestThreshold", wire: "scale_up_request_threshold", onChange: "update" },
    { input: "preloadedAdapters", wire: "preloaded_adapters", onChange: "update" },
    { input: "prefixCaching", wire: "prefix_caching", onChange: "update" },
    { input: "requestLoggingEnabled", wire: "request_logging_enabled", onChange: "update" },
    { input: "customArgs", wire: "custom_args", onChange: "update" },
    { input: "hfToken", wire: "hf_token", onChange: "update", secret: true },
  ],
  canUpdate: () => wireFormat() === "platform",
  providerInputs: ["waitForReady", "deleteOnFailure", "adoptExisting", "timeouts"],
  outputs: {
    name: "name",
    uuid: "uuid",
    baseModel: "base_model",
    accelerator: "accelerator",
    quantization: "quantization",
    minReplicas: "min_replicas",
    maxReplicas: "max_replicas",
    currentReplicas: "current_replicas",
    status: "status",
    description: "description",
    cooldownTime: "cooldown_time",
    maxTotalTokens: "max_total_tokens",
    scaleUpRequestThreshold: "scale_up_request_threshold",
    preloadedAdapters: "preloaded_adapters",
    prefixCaching: "prefix_caching",
    requestLoggingEnabled: "request_logging_enabled",
    customArgs: "custom_args",
    maxInputLength: "max_input_length",
    error: "error",
    createdAt: "created_at",
    updatedAt: "updated_at",
  },
  derivedOutputs: (d) => dataPlaneUrls(d.name),
  async get(id) {
    await resolveTenantQuietly();
    return (await platform()).deployments.get(id);
  },

  async validate(p, f, olds) {
    checkName(f, p);
    checkRequiredString(
      f,
      p,
      "baseModel",
      'name a base model from getModels(), e.g. "llama-3-1-8b-instruct"',
    );
    checkOptionalString(f, p, "accelerator");
    checkOptionalString(f, p, "quantization");
    checkOptionalString(f, p, "description");
    checkOptionalString(f, p, "hfToken");
    checkInteger(f, p, "cooldownTime", 0, 86_400 * 7);
    checkInteger(f, p, "maxTotalTokens", 1, 10_000_000);
    checkInteger(f, p, "scaleUpRequestThreshold", 1, 100_000);
    for (const key of ["preloadedAdapters", "customArgs"]) checkStringList(f, p, key);
    for (const key of ["prefixCaching", "requestLoggingEnabled"]) checkBoolean(f, p, key);
    checkInteger(f, p, "minReplicas", 0, 100);
    checkInteger(f, p, "maxReplicas", 1, 100);
    for (const key of ["waitForReady", "deleteOnFailure", "adoptExisting"]) checkBoolean(f, p, key);
    checkTimeouts(f, p);
    const min = p.minReplicas;
    const max = p.maxReplicas ?? DEFAULT_MAX_REPLICAS;
    if (typeof min === "number" && typeof max === "number" && min > max) {
      f.add(
        "minReplicas",
        `minReplicas (${min}) is above maxReplicas (${max}): set minReplicas ≤ maxReplicas`,
      );
    }
    if (typeof min === "number" && min > 0) {
      await warn(
        typeof p.selfUrn === "string" ? p.selfUrn : undefined,
        `Deployment ${String(p.name)} keeps ${min} replica(s) running while idle, and bills for them; ` +
          "set minReplicas: 0 to scale to zero",
      );
    }
    if (typeof p.baseModel !== "string" || isUnknown(p.baseModel)) return;
    if (checkedBefore(olds, p, ["baseModel", "accelerator"])) return;
    const model = await findModel(f, "baseModel", p.baseModel);
    if (model && model.servable === false) {
      f.add("baseModel", `${model.name} cannot be served on a dedicated deployment: choose a servable model`);
    }
    if (typeof p.accelerator === "string" && !isUnknown(p.accelerator)) {
      checkAccelerator(f, "accelerator", p.accelerator, model);
    }
  },

  async create(inputs) {
    await validateForCreate(deploymentSpec, inputs);
    await resolveTenantQuietly();
    const name = String(inputs.name);
    const wanted = { ...wireParams(deploymentSpec, inputs), name } as DeploymentCreateParams;
    const created = await createOrAdopt({
      label: "Deployment",
      name,
      adopt: inputs.adoptExisting === true,
      create: async () => (await platform()).deployments.create(wanted),
      get: async () => (await platform()).deployments.get(name),
      mismatches: (d) =>
        differences([
          ["baseModel", wanted.base_model, d.base_model],
          ["accelerator", wanted.accelerator, d.accelerator],
          ["minReplicas", wanted.min_replicas, d.min_replicas],
          ["maxReplicas", wanted.max_replicas, d.max_replicas],
        ]),
    }).catch(async (err) => {
      throw await keptIfCreated(err, {
        name,
        props: inputs,
        get: async () => (await platform()).deployments.get(name),
        outputs: (d) => outputsOf(deploymentSpec, inputs, d),
      });
    });
    return { id: name, outs: await settleDeployment(inputs, created) };
  },

  /**
   * Serving settings that changed go to the platform in one PUT (the uuid and the URLs stay), and
   * the update waits until the deployment serves again. With only provider inputs changed, or an
   * earlier wait to resume, nothing is written.
   */
  async update(id, olds, news) {
    await resolveTenantQuietly();
    const changed = platformChanges(deploymentSpec, olds, news).update;
    const params = wireParams(deploymentSpec, news, changed) as DeploymentUpdateParams;
    const d =
      changed.length > 0
        ? await (await platform()).deployments.update(id, params)
        : await (await platform()).deployments.get(id);
    return { outs: await settleDeployment(news, d) };
  },

  async delete(id, props) {
    try {
      await (await platform()).deployments.delete(id);
    } catch (err) {
      if (err instanceof NotFoundError) return;
      throw err;
    }
    const outcome = await awaitCondition<Deployment | null>({
      resource: `Deployment ${id}`,
      goal: "to be deleted",
      fetch: async () => (await unlessGone(async () => (await platform()).deployments.get(id))) ?? null,
      condition: (d) => ({
        done: d === null || deploymentStatus.gone(d.status),
        description: d ? `deployment ${id} is ${d.status}` : `deployment ${id} is gone`,
      }),
      timeoutMs: timeoutMs(props, "delete", DELETE_TIMEOUT_MS),
    });
    if (outcome.kind !== "done") {
      throw new Error(
        `Deployment ${id} was asked to delete but is still there: ${outcome.kind === "timeout" ? outcome.message : outcome.reason}`,
      );
    }
  },

  async replaceWarning(id, olds, deleteFirst) {
    if (!deploymentStatus.serving(olds.status, olds.minReplicas)) return undefined;
    return deleteFirst
      ? `replacing Deployment ${id} deletes the serving deployment before its replacement exists: ` +
          "requests to it fail until the new one is ready"
      : `replacing Deployment ${id} deletes the serving deployment once its replacement is ready; ` +
          "the replacement has a new name, so its URLs change";
  },

  replaceBecause(olds) {
    // `stopped` is not here: a deployment stopped in the console is the user's choice, kept as is.
    if (!deploymentStatus.failed(olds.status)) return undefined;
    return `it is ${String(olds.status)}${olds.error ? `: ${String(olds.error)}` : ""}`;
  },
};

/**
 * Waits (unless waitForReady is false) and returns the outputs. Whatever goes wrong once the
 * deployment exists keeps it in state (see settle); deleteOnFailure deletes a failed one at once.
 */
function settleDeployment(props: Props, d: Deployment): Promise<Props> {
  return settle({
    props,
    current: d,
    id: d.name,
    skip:
      props.waitForReady === false ||
      deploymentStatus.serving(d.status, d.min_replicas) ||
      deploymentStatus.stopped(d.status),
    wait: {
      resource: `Deployment ${d.name}`,
      goal: "to become ready",
      fetch: async (signal) => (await platform()).deployments.get(d.name, { signal }),
      condition: deploymentSettled,
      timeoutMs: timeoutMs(props, "create", CREATE_TIMEOUT_MS),
    },
    outputs: (last) => outputsOf(deploymentSpec, props, last),
    afterFailure: "the next `pulumi up` replaces it (or set deleteOnFailure: true)",
    onFailure: async () => {
      if (props.deleteOnFailure !== true) return false;
      await deploymentSpec.delete(d.name, props);
      return true;
    },
  });
}
