import { resolve } from "node:path";
import { fileContentHash } from "../runtime/file-hash.js";
import { isUnknown, type Props, UNKNOWN } from "../runtime/validate.js";

/**
 * A Dataset's local `file`, read where the program's project is (the engine starts the plugin in
 * the project's directory): the path made absolute and the content's sha256 as `fileHash`, the
 * input whose change replaces the dataset, as the TypeScript `Dataset` class does in the program.
 */
export function withFileHash(
  kind: string,
  news: Props,
  fail: (property: string, reason: string) => void,
): Props {
  if (kind !== "Dataset" || news.file === undefined) return news;
  if (isUnknown(news.file)) return { ...news, fileHash: UNKNOWN };
  if (typeof news.file !== "string") return news; // the kind's own check names the type
  const file = resolve(news.file);
  try {
    return { ...news, file, fileHash: fileContentHash(file) };
  } catch (err) {
    fail(
      "file",
      `Dataset file ${file} cannot be read (${(err as Error).message}): give a path relative to the ` +
        "project's directory (where Pulumi.yaml is), or an absolute one",
    );
    return { ...news, file };
  }
}
