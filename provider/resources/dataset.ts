import type * as pulumi from "@pulumi/pulumi";
import { autoNameSeed, PredibaseResource, withOutputs } from "./common.js";

export interface DatasetArgs {
  /** Platform name; auto-named when left out. */
  name?: pulumi.Input<string>;
  /** Where the data comes from, e.g. "s3://bucket/train.jsonl" or an uploaded file's name. */
  source?: pulumi.Input<string>;
  /** Take over an existing dataset of the same name and source instead of failing (default false). */
  adoptExisting?: pulumi.Input<boolean>;
}

const OUTPUTS = ["name", "uuid", "source", "status", "createdAt"] as const;

/** A dataset connected to Predibase. Removing it from the stack leaves it on the platform (no delete API). */
export class Dataset extends PredibaseResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly uuid: pulumi.Output<string | undefined>;
  declare readonly source: pulumi.Output<string | undefined>;
  /** "connected" once usable. */
  declare readonly status: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: DatasetArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super("Dataset", name, withOutputs({ ...args, autoNameSeed: autoNameSeed(name) }, OUTPUTS), opts);
  }
}
