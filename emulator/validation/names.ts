import type { FieldReader } from "./fields.js";

/** Repos, datasets and deployments share one naming rule (a DNS label). */
export const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const RULE = "1-63 lowercase letters, digits or hyphens, starting and ending with a letter or digit";

/** Reads a required `field` that must follow the names rule. */
export function readName(reader: FieldReader, field = "name"): string {
  const name = reader.string(field, { required: true });
  if (!NAME_PATTERN.test(name)) throw reader.fail(field, `"${name}" is not a valid name (${RULE})`);
  return name;
}
