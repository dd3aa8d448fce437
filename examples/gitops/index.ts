// Train once, promote by reference. The dev stack trains the adapter and serves it so CI can
// evaluate it; the prod stack trains nothing: it reads the adapter version from dev's outputs
// through a StackReference (Pulumi.prod.yaml: promoteFrom) and serves exactly that version.
// So prod never runs an adapter nobody tested, and a training run is paid for once.
import * as pulumi from "@pulumi/pulumi";
import * as predibase from "pulumi-predibase";

const config = new pulumi.Config();
const baseModel = config.require("baseModel");

/** dev: the repo, the dataset and the training run. */
function train() {
  const repo = new predibase.AdapterRepo("adapters", {
    description: "Support adapters: trained in dev, promoted to prod",
  });
  // Datasets outlive `pulumi destroy` (the API cannot delete them): adopt it when a stack comes back.
  const dataset = new predibase.Dataset("tickets", {
    source: config.require("datasetSource"),
    adoptExisting: true,
  });
  const job = new predibase.FineTuningJob("support", {
    baseModel,
    dataset: dataset.name,
    repo: repo.name,
    adapterType: "lora",
    task: "sft",
    // A training runs for hours, longer than a CI job may. `up` starts it and returns; the
    // workflow's scheduled `pulumi up --refresh` reads the job again and so brings its status
    // and, once it completed, its adapterVersion into this stack's outputs.
    waitForCompletion: false,
  });
  // The version a job writes is reserved when it starts, but serves only once training completed:
  // export it only then, so neither the evaluation nor prod ever picks up an adapter in training.
  const trained = pulumi
    .all([job.status, job.adapterVersion])
    .apply(([status, version]) => (status === "completed" ? version : undefined));
  return { adapterVersion: trained, trainingStatus: job.status, trainingJob: job.id };
}

/** prod: the adapter version dev trained, or a clean stop when dev has none yet. */
async function promoted(from: string): Promise<string> {
  const source = new pulumi.StackReference(from);
  const { value } = await source.getOutputDetails("adapterVersion");
  if (typeof value !== "string" || value === "") {
    throw new pulumi.RunError(
      `nothing to promote: stack ${from} has no adapterVersion output yet (its FineTuningJob has not ` +
        `completed, or its last \`pulumi up --refresh\` ran before it did). Run \`pulumi up --refresh ` +
        `--stack ${from.split("/").pop()}\` once training completed, then this stack again.`,
    );
  }
  return value;
}

export = async () => {
  const promoteFrom = config.get("promoteFrom");
  const promotedVersion = promoteFrom ? await promoted(promoteFrom) : undefined;
  const adapters = promoteFrom ? undefined : train();
  const adapterVersion = promotedVersion ?? adapters?.adapterVersion;

  const llm = new predibase.Deployment("llm", {
    baseModel,
    accelerator: config.require("accelerator"),
    minReplicas: config.requireNumber("minReplicas"),
    maxReplicas: config.requireNumber("maxReplicas"),
    // prod loads the promoted adapter when it starts, so the first request does not wait for it
    // (a later promotion changes it in place on the platform). dev loads its adapter on demand.
    preloadedAdapters: promotedVersion ? [promotedVersion] : undefined,
    // Below the CI job's timeout-minutes (see Pulumi.yaml): a wait cut here is resumed next run.
    timeouts: { create: config.require("createTimeout"), delete: config.require("deleteTimeout") },
  });

  return {
    // The version this stack's deployment serves: query it with `model: adapterVersion`.
    adapterVersion,
    ...(promoteFrom ? { promotedFrom: promoteFrom } : {}),
    ...(adapters ? { trainingStatus: adapters.trainingStatus, trainingJob: adapters.trainingJob } : {}),
    deployment: llm.name,
    accelerator: llm.accelerator,
    openaiBaseUrl: llm.openaiBaseUrl,
  };
};
