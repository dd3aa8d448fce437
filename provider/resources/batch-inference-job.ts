import type * as pulumi from "@pulumi/pulumi";
import { PredibaseResource, type Timeouts, withOutputs } from "./common.js";

export interface BatchInferenceJobArgs {
  /** Base model (at most 16B parameters). */
  baseModel: pulumi.Input<string>;
  /** Dataset of requests in the OpenAI batch format. */
  dataset: pulumi.Input<string>;
  /** Where results go (platform default when left out). */
  output?: pulumi.Input<string>;
  /** Any value; changing it runs a new job. */
  triggers?: pulumi.Input<unknown[]>;
  /** Wait until the job completes (default true). */
  waitForCompletion?: pulumi.Input<boolean>;
  /** Default: create "12h". */
  timeouts?: pulumi.Input<Timeouts>;
}

const OUTPUTS = [
  "uuid",
  "status",
  "baseModel",
  "dataset",
  "output",
  "resultPath",
  "error",
  "createdAt",
  "updatedAt",
] as const;

/** A batch inference job over a dataset. Waits until it completes. Never deleted (no API for it). */
export class BatchInferenceJob extends PredibaseResource {
  declare readonly uuid: pulumi.Output<string | undefined>;
  /** queued, running, completed, errored. */
  declare readonly status: pulumi.Output<string>;
  declare readonly baseModel: pulumi.Output<string>;
  declare readonly dataset: pulumi.Output<string>;
  declare readonly output: pulumi.Output<string | undefined>;
  /** Where the results are, once completed. */
  declare readonly resultPath: pulumi.Output<string | undefined>;
  declare readonly error: pulumi.Output<string | undefined>;
  declare readonly createdAt: pulumi.Output<string | undefined>;
  declare readonly updatedAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: BatchInferenceJobArgs, opts?: pulumi.CustomResourceOptions) {
    super("BatchInferenceJob", name, withOutputs(args, OUTPUTS), opts);
  }
}
