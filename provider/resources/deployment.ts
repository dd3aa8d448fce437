import type * as pulumi from "@pulumi/pulumi";
import { autoNameSeed, PredibaseResource, type Timeouts, withOutputs } from "./common.js";

export interface DeploymentArgs {
  /** Platform name; auto-named from the logical name when left out. Changing it replaces. */
  name?: pulumi.Input<string>;
  /** Base model to serve, e.g. "llama-3-1-8b-instruct" (see getModels()). */
  baseModel: pulumi.Input<string>;
  /** GPU, e.g. "a10_24gb_100"; default: the model's smallest that fits. */
  accelerator?: pulumi.Input<string>;
  /** Replicas kept while idle; 0 scales to zero (default 0). Above 0 bills while idle. */
  minReplicas?: pulumi.Input<number>;
  /** Replica ceiling (platform default 1). */
  maxReplicas?: pulumi.Input<number>;
  description?: pulumi.Input<string>;
  /** Wait until the deployment serves (default true). */
  waitForReady?: pulumi.Input<boolean>;
  /** Delete a deployment that fails to start at once, so no GPU is left billing (default false). */
  deleteOnFailure?: pulumi.Input<boolean>;
  /** Take over an existing deployment of the same name and settings instead of failing (default false). */
  adoptExisting?: pulumi.Input<boolean>;
  /** Defaults: create "90m", delete "30m". */
  timeouts?: pulumi.Input<Timeouts>;
}

const OUTPUTS = [
  "name",
  "uuid",
  "baseModel",
  "accelerator",
  "minReplicas",
  "maxReplicas",
  "currentReplicas",
  "status",
  "description",
  "error",
  "createdAt",
  "updatedAt",
  "openaiBaseUrl",
  "generateUrl",
] as const;

/** A dedicated GPU deployment of a base model, serving it and its LoRA adapters. Waits until ready. */
export class Deployment extends PredibaseResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly uuid: pulumi.Output<string | undefined>;
  declare readonly baseModel: pulumi.Output<string>;
  declare readonly accelerator: pulumi.Output<string>;
  declare readonly minReplicas: pulumi.Output<number>;
  declare readonly maxReplicas: pulumi.Output<number>;
  declare readonly currentReplicas: pulumi.Output<number | undefined>;
  /** pending, initializing, ready, standby (scaled to zero), errored, deleting. */
  declare readonly status: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly error: pulumi.Output<string | undefined>;
  declare readonly createdAt: pulumi.Output<string | undefined>;
  declare readonly updatedAt: pulumi.Output<string | undefined>;
  /** Base URL for OpenAI clients: `…/v1`. Query an adapter with `model: "repo/N"`. */
  declare readonly openaiBaseUrl: pulumi.Output<string | undefined>;
  /** The native `/generate` URL. */
  declare readonly generateUrl: pulumi.Output<string | undefined>;

  constructor(name: string, args: DeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    super("Deployment", name, withOutputs({ ...args, autoNameSeed: autoNameSeed(name) }, OUTPUTS), opts);
  }
}
