import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/**
 * A Dataset's `fileHash`: the sha256 of the file's content, hex. One definition for both front ends
 * (the dynamic Dataset in the program, the plugin's Check), so that moving a stack from one to the
 * other never sees a changed hash and replaces the dataset. Throws when the file cannot be read.
 */
export function fileContentHash(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}
