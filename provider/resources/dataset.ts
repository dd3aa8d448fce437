import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { fileContentHash } from "../runtime/file-hash.js";
import { autoNameSeed, PredibaseResource, withOutputs } from "./common.js";

export interface DatasetArgs {
  /** Platform name; auto-named when left out. */
  name?: pulumi.Input<string>;
  /** Where the data comes from, e.g. "s3://bucket/train.jsonl". */
  source?: pulumi.Input<string>;
  /**
   * A local file to upload, e.g. "./data/train.jsonl" (relative to the program's directory). A change
   * of its content replaces the dataset (a new name when auto-named); moving the file does not.
   */
  file?: pulumi.Input<string>;
  /** Take over an existing dataset of the same name and source instead of failing (default false). */
  adoptExisting?: pulumi.Input<boolean>;
}

const OUTPUTS = ["name", "uuid", "source", "status", "createdAt", "fileHash"] as const;

/** sha256 of the file's content, read where the program runs (where the path means something). */
function contentHash(resource: string, path: string): string {
  try {
    return fileContentHash(path);
  } catch (err) {
    throw new Error(
      `Dataset ${resource}: file ${path} cannot be read (${(err as Error).message}); ` +
        "give a path relative to the program's directory, or an absolute one",
    );
  }
}

/** A dataset connected to Predibase. Removing it from the stack leaves it on the platform (no delete API). */
export class Dataset extends PredibaseResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly uuid: pulumi.Output<string | undefined>;
  declare readonly source: pulumi.Output<string | undefined>;
  /** "connected" once usable. */
  declare readonly status: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string | undefined>;
  /** sha256 of the uploaded file's content (with `file`). */
  declare readonly fileHash: pulumi.Output<string | undefined>;

  constructor(name: string, args: DatasetArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const upload =
      args.file === undefined
        ? {}
        : (() => {
            const file = pulumi.output(args.file).apply((f) => resolve(f));
            return { file, fileHash: file.apply((f) => contentHash(name, f)) };
          })();
    super(
      "Dataset",
      name,
      withOutputs({ ...args, ...upload, autoNameSeed: autoNameSeed(name) }, OUTPUTS),
      opts,
    );
  }
}
