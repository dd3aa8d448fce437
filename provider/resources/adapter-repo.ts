import type * as pulumi from "@pulumi/pulumi";
import { autoNameSeed, PredibaseResource, withOutputs } from "./common.js";

export interface AdapterRepoArgs {
  /** Platform name; auto-named when left out. Changing it replaces the repo (and deletes its versions). */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Take over an existing repo of the same name and description instead of failing (default false). */
  adoptExisting?: pulumi.Input<boolean>;
}

const OUTPUTS = ["name", "uuid", "description", "versions", "versionCount", "createdAt"] as const;

/** An adapter repository: fine-tuning jobs add versions `name/1`, `name/2`, … to it. */
export class AdapterRepo extends PredibaseResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly uuid: pulumi.Output<string | undefined>;
  declare readonly description: pulumi.Output<string | undefined>;
  /** Trained versions: tag, adapterId ("repo/N"), baseModel, finetuningJobId, status, createdAt. */
  declare readonly versions: pulumi.Output<Array<Record<string, unknown>>>;
  declare readonly versionCount: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: AdapterRepoArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super("AdapterRepo", name, withOutputs({ ...args, autoNameSeed: autoNameSeed(name) }, OUTPUTS), opts);
  }
}
