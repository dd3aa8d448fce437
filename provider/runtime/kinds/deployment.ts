import {
  type Deployment,
  deploymentReady,
  isDeploymentFailed,
  isDeploymentServing,
  NotFoundError,
} from "../../../sdk/index.js";
import { createOrAdopt, differences } from "../adopt.js";
import { awaitCondition, settle } from "../awaiting.js";
import { checkAccelerator, findModel } from "../catalogue.js";
import { checkTimeouts, timeoutMs } from "../durations.js";
import { unlessGone } from "../gone.js";
import { type KindSpec, providerOnly } from "../kind.js";
import { camelize, defined } from "../outputs.js";
import { validateForCreate } from "../revalidate.js";
import { dataPlaneUrls, platform } from "../settings.js";
import {
  checkBoolean,
  checkInteger,
  checkName,
  checkOptionalString,
  checkRequiredString,
  isUnknown,
  type Props,
} from "../validate.js";

/** GPUs can take long to find and models long to load: an hour and a half before giving up. */
const CREATE_TIMEOUT_MS = 90 * 60_000;
const DELETE_TIMEOUT_MS = 30 * 60_000;
/** Platform default when max_replicas is left out (platform-facts §1). */
const DEFAULT_MAX_REPLICAS = 1;

export const deploymentSpec: KindSpec = {
  label: "Deployment",
  platformInputs: ["baseModel", "accelerator", "minReplicas", "maxReplicas", "description"],
  providerInputs: ["waitForReady", "deleteOnFailure", "adoptExisting", "timeouts"],
  named: true,

  async validate(p, f) {
    checkName(f, p);
    checkRequiredString(
      f,
      p,
      "baseModel",
      'name a base model from getModels(), e.g. "llama-3-1-8b-instruct"',
    );
    checkOptionalString(f, p, "accelerator");
    checkOptionalString(f, p, "description");
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
      console.log(
        `warning: Deployment ${String(p.name)} keeps ${min} replica(s) running while idle, and bills for them; ` +
          "set minReplicas: 0 to scale to zero",
      );
    }
    if (typeof p.baseModel !== "string" || isUnknown(p.baseModel)) return;
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
    const name = String(inputs.name);
    const wanted = {
      name,
      base_model: String(inputs.baseModel),
      accelerator: inputs.accelerator as string | undefined,
      min_replicas: inputs.minReplicas as number | undefined,
      max_replicas: inputs.maxReplicas as number | undefined,
      description: inputs.description as string | undefined,
    };
    const created = await createOrAdopt({
      label: "Deployment",
      name,
      adopt: inputs.adoptExisting === true,
      create: () => platform().deployments.create(wanted),
      get: () => platform().deployments.get(name),
      mismatches: (d) =>
        differences([
          ["baseModel", wanted.base_model, d.base_model],
          ["accelerator", wanted.accelerator, d.accelerator],
          ["minReplicas", wanted.min_replicas, d.min_replicas],
          ["maxReplicas", wanted.max_replicas, d.max_replicas],
        ]),
    });
    return { id: name, outs: await settleDeployment(inputs, created, "create") };
  },

  async read(id, props) {
    const d = await unlessGone(() => platform().deployments.get(id));
    if (!d) return {};
    const outs = outputs(props, d);
    const inputs = defined({
      ...providerOnly(deploymentSpec, props),
      name: d.name,
      baseModel: d.base_model,
      accelerator: d.accelerator ?? undefined,
      minReplicas: d.min_replicas ?? undefined,
      maxReplicas: d.max_replicas ?? undefined,
      description: props.description === undefined ? undefined : (d.description ?? undefined),
    });
    return { id, props: outs, inputs };
  },

  async update(id, _olds, news) {
    // Only provider inputs changed, or an earlier create stopped waiting: no platform write.
    const d = await platform().deployments.get(id);
    return { outs: await settleDeployment(news, d, "update") };
  },

  async delete(id, props) {
    try {
      await platform().deployments.delete(id);
    } catch (err) {
      if (err instanceof NotFoundError) return;
      throw err;
    }
    const outcome = await awaitCondition<Deployment | null>({
      resource: `Deployment ${id}`,
      goal: "to be deleted",
      fetch: async () => (await unlessGone(() => platform().deployments.get(id))) ?? null,
      condition: (d) => ({
        done: d === null,
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

  replaceBecause(olds) {
    if (!isDeploymentFailed({ status: String(olds.status ?? "") })) return undefined;
    return `it is ${String(olds.status)}${olds.error ? `: ${String(olds.error)}` : ""}`;
  },
};

/** Waits (unless waitForReady is false) and returns the outputs; failures keep the resource in state. */
function settleDeployment(props: Props, d: Deployment, phase: "create" | "update"): Promise<Props> {
  return settle({
    props,
    current: d,
    id: d.name,
    phase,
    skip: props.waitForReady === false || isDeploymentServing(d),
    wait: {
      resource: `Deployment ${d.name}`,
      goal: "to become ready",
      fetch: (signal) => platform().deployments.get(d.name, { signal }),
      condition: deploymentReady,
      timeoutMs: timeoutMs(props, "create", CREATE_TIMEOUT_MS),
    },
    outputs: (last) => outputs(props, last),
    afterFailure: "the next `pulumi up` replaces it (or set deleteOnFailure: true)",
    onFailure: async (reason) => {
      if (props.deleteOnFailure !== true) return;
      await deploymentSpec.delete(d.name, props);
      throw new Error(`${reason}. It was deleted (deleteOnFailure), so no GPU is left billing.`);
    },
  });
}

function outputs(props: Props, d: Deployment): Props {
  return defined({
    ...providerOnly(deploymentSpec, props),
    ...(camelize(d) as Props),
    ...dataPlaneUrls(d.name),
  });
}
