import type * as pulumi from "@pulumi/pulumi";
import { PredibaseResource, type Timeouts, withOutputs } from "./common.js";

export interface FineTuningJobArgs {
  /** Base model to fine-tune (must support fine-tuning; see getModels()). */
  baseModel: pulumi.Input<string>;
  /** Dataset name to train on. */
  dataset: pulumi.Input<string>;
  /** Adapter repo the trained version goes into (as `repo/N`). */
  repo: pulumi.Input<string>;
  /** "lora" (default), "turbo_lora" or "turbo". */
  adapterType?: pulumi.Input<"lora" | "turbo_lora" | "turbo">;
  /** "sft" (default), "continued_pretraining" or "grpo". */
  task?: pulumi.Input<"sft" | "continued_pretraining" | "grpo">;
  description?: pulumi.Input<string>;
  /** Training settings (platform defaults when left out). Changing any of them trains a new job. */
  epochs?: pulumi.Input<number>;
  /** LoRA rank. */
  rank?: pulumi.Input<number>;
  learningRate?: pulumi.Input<number>;
  loraAlpha?: pulumi.Input<number>;
  loraDropout?: pulumi.Input<number>;
  /** Modules the adapter trains, e.g. ["q_proj", "v_proj"]. */
  targetModules?: pulumi.Input<pulumi.Input<string>[]>;
  effectiveBatchSize?: pulumi.Input<number>;
  warmupRatio?: pulumi.Input<number>;
  applyChatTemplate?: pulumi.Input<boolean>;
  enableEarlyStopping?: pulumi.Input<boolean>;
  /** Continue training from an adapter version, "repo/N" (e.g. another job's adapterVersion). */
  continueFromVersion?: pulumi.Input<string>;
  /** Any value; changing it starts a new training run (a completed job is otherwise never re-run). */
  triggers?: pulumi.Input<unknown[]>;
  /** Wait until training completes (default true); false returns as soon as the job is queued. */
  waitForCompletion?: pulumi.Input<boolean>;
  /** Default: create "24h". */
  timeouts?: pulumi.Input<Timeouts>;
}

const OUTPUTS = [
  "uuid",
  "status",
  "baseModel",
  "dataset",
  "repo",
  "adapterType",
  "task",
  "description",
  "adapterVersion",
  "targetVersionTag",
  "error",
  "createdAt",
  "updatedAt",
] as const;

/** A fine-tuning job that trains a LoRA adapter version into a repo. Waits until training completes. */
export class FineTuningJob extends PredibaseResource {
  declare readonly uuid: pulumi.Output<string | undefined>;
  /** queued, training, stopping, completed, errored, canceled, stopped. */
  declare readonly status: pulumi.Output<string>;
  declare readonly baseModel: pulumi.Output<string>;
  declare readonly dataset: pulumi.Output<string>;
  declare readonly repo: pulumi.Output<string>;
  declare readonly adapterType: pulumi.Output<string>;
  declare readonly task: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  /**
   * "repo/N", known from create on (the platform reserves the version when the job starts); it
   * serves once `status` is "completed". Use it as `model` on the deployment's OpenAI routes.
   */
  declare readonly adapterVersion: pulumi.Output<string | undefined>;
  declare readonly targetVersionTag: pulumi.Output<number | undefined>;
  declare readonly error: pulumi.Output<string | undefined>;
  declare readonly createdAt: pulumi.Output<string | undefined>;
  declare readonly updatedAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: FineTuningJobArgs, opts?: pulumi.CustomResourceOptions) {
    super("FineTuningJob", name, withOutputs(args, OUTPUTS), opts);
  }
}
