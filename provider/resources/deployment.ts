import * as pulumi from "@pulumi/pulumi";
import { autoNameSeed, PredibaseResource, type Timeouts, withOutputs } from "./common.js";

export interface DeploymentArgs {
  /** Platform name; auto-named from the logical name when left out. Changing it replaces. */
  name?: pulumi.Input<string>;
  /** Base model to serve, e.g. "llama-3-1-8b-instruct" (see getModels()). */
  baseModel: pulumi.Input<string>;
  /** GPU, e.g. "a10_24gb_100"; default: the model's smallest that fits. */
  accelerator?: pulumi.Input<string>;
  /** Weight quantization, e.g. "fp8" (platform default when left out). Changing it replaces. */
  quantization?: pulumi.Input<string>;
  /** Replicas kept while idle; 0 scales to zero (default 0). Above 0 bills while idle. Updates in place. */
  minReplicas?: pulumi.Input<number>;
  /** Replica ceiling (platform default 1). Updates in place. */
  maxReplicas?: pulumi.Input<number>;
  /** Updates in place. */
  description?: pulumi.Input<string>;
  /** Seconds without requests before scaling down to minReplicas. Updates in place. */
  cooldownTime?: pulumi.Input<number>;
  /** Largest prompt plus completion, in tokens. Updates in place. */
  maxTotalTokens?: pulumi.Input<number>;
  /** Queued requests per replica that trigger a scale-up. Updates in place. */
  scaleUpRequestThreshold?: pulumi.Input<number>;
  /** Adapters ("repo/N") loaded at start instead of on first request. Updates in place. */
  preloadedAdapters?: pulumi.Input<pulumi.Input<string>[]>;
  /** Reuse the KV cache across requests that share a prefix. Updates in place. */
  prefixCaching?: pulumi.Input<boolean>;
  /** Log requests and responses on the platform. Updates in place. */
  requestLoggingEnabled?: pulumi.Input<boolean>;
  /** Extra arguments for the serving engine (LoRAX). Updates in place. */
  customArgs?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Hugging Face token for gated or private base models. Always a secret: encrypted in state, never
   * in outputs or logs (the outputs keep only a keyed hash, to see a change). Updates in place.
   */
  hfToken?: pulumi.Input<string>;
  /** Wait until the deployment serves (default true). */
  waitForReady?: pulumi.Input<boolean>;
  /** Delete a deployment that fails to start at once, so no GPU is left billing (default false). */
  deleteOnFailure?: pulumi.Input<boolean>;
  /** Take over an existing deployment of the same name and settings instead of failing (default false). */
  adoptExisting?: pulumi.Input<boolean>;
  /** Defaults: create "90m", delete "30m". */
  timeouts?: pulumi.Input<Timeouts>;
}

/** The outputs a Deployment declares (bench/plugin.mjs registers the plugin's Deployments with them too). */
export const OUTPUTS = [
  "name",
  "uuid",
  "baseModel",
  "accelerator",
  "quantization",
  "minReplicas",
  "maxReplicas",
  "currentReplicas",
  "status",
  "description",
  "cooldownTime",
  "maxTotalTokens",
  "scaleUpRequestThreshold",
  "preloadedAdapters",
  "prefixCaching",
  "requestLoggingEnabled",
  "customArgs",
  "maxInputLength",
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
  declare readonly quantization: pulumi.Output<string | undefined>;
  declare readonly minReplicas: pulumi.Output<number>;
  declare readonly maxReplicas: pulumi.Output<number>;
  declare readonly currentReplicas: pulumi.Output<number | undefined>;
  /**
   * pending, initializing, ready, standby (scaled to zero), updating (an in-place change rolling
   * out), stopped (stopped in the console: kept as is, not replaced), errored, deleting.
   */
  declare readonly status: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly cooldownTime: pulumi.Output<number | undefined>;
  declare readonly maxTotalTokens: pulumi.Output<number | undefined>;
  declare readonly scaleUpRequestThreshold: pulumi.Output<number | undefined>;
  declare readonly preloadedAdapters: pulumi.Output<string[] | undefined>;
  declare readonly prefixCaching: pulumi.Output<boolean | undefined>;
  declare readonly requestLoggingEnabled: pulumi.Output<boolean | undefined>;
  declare readonly customArgs: pulumi.Output<string[] | undefined>;
  /** Longest prompt the model takes, in tokens (platform). */
  declare readonly maxInputLength: pulumi.Output<number | undefined>;
  declare readonly error: pulumi.Output<string | undefined>;
  declare readonly createdAt: pulumi.Output<string | undefined>;
  declare readonly updatedAt: pulumi.Output<string | undefined>;
  /** Base URL for OpenAI clients: `…/v1`. Query an adapter with `model: "repo/N"`. */
  declare readonly openaiBaseUrl: pulumi.Output<string | undefined>;
  /** The native `/generate` URL. */
  declare readonly generateUrl: pulumi.Output<string | undefined>;

  constructor(name: string, args: DeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    // The token is a secret whatever the program passed: the engine then encrypts it in state.
    const inputs = args.hfToken === undefined ? args : { ...args, hfToken: pulumi.secret(args.hfToken) };
    super("Deployment", name, withOutputs({ ...inputs, autoNameSeed: autoNameSeed(name) }, OUTPUTS), opts);
  }
}
