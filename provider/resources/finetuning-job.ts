import type * as pulumi from "@pulumi/pulumi";
import { PredibaseResource, type Timeouts, withOutputs } from "./common.js";

export interface FineTuningJobArgs {
  /** Base model to fine-tune (must support fine-tuning; see getModels()). */
  baseModel: pulumi.Input<string>;
  /** Dataset name to train on. */
  dataset: pulumi.Input<string>;
  /** Adapter repo the trained version goes into (as `repo/N`). */
  repo: pulumi.Input<string>;
  /** "lora" (default) or "turbo_lora". */
  adapterType?: pulumi.Input<"lora" | "turbo_lora">;
  /** "sft" (default) or "grpo". */
  task?: pulumi.Input<"sft" | "grpo">;
  description?: pulumi.Input<string>;
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
  /** queued, training, completed, errored, canceled. */
  declare readonly status: pulumi.Output<string>;
  declare readonly baseModel: pulumi.Output<string>;
  declare readonly dataset: pulumi.Output<string>;
  declare readonly repo: pulumi.Output<string>;
  declare readonly adapterType: pulumi.Output<string>;
  declare readonly task: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  /** "repo/N", set only once training succeeded: use it as `model` on the deployment's OpenAI routes. */
  declare readonly adapterVersion: pulumi.Output<string | undefined>;
  declare readonly targetVersionTag: pulumi.Output<number | undefined>;
  declare readonly error: pulumi.Output<string | undefined>;
  declare readonly createdAt: pulumi.Output<string | undefined>;
  declare readonly updatedAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: FineTuningJobArgs, opts?: pulumi.CustomResourceOptions) {
    super("FineTuningJob", name, withOutputs(args, OUTPUTS), opts);
  }
}
