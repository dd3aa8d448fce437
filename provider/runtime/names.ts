import { createHash } from "node:crypto";
import { isUnknown, type Props, UNKNOWN } from "./validate.js";

/**
 * Auto-names: `<logical-name>-<7 hex characters>`, derived from the project, stack and logical name
 * (the `autoNameSeed` input the resource class adds) and the inputs whose change replaces the
 * object. Being derived, not random, the name is the same in `preview` and in the `up` that follows.
 * Kept from the old inputs while nothing that replaces the object changes, it never moves on
 * updates. A replacement for changed inputs gets a different name, so it can be created before the
 * old object is deleted (the engine checks a replacement with no old inputs, so the name comes from
 * the new inputs alone). A replacement with unchanged inputs (the old object failed) would get the
 * same name: diff then asks the engine to delete the old object first.
 */
export function autoName(seed: string, platformInputs: unknown): string {
  const logical = seed.split("/").pop() ?? "resource";
  const prefix =
    logical
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 55) || "resource";
  const suffix = createHash("sha256")
    .update(`${seed}#${JSON.stringify(platformInputs)}`)
    .digest("hex")
    .slice(0, 7);
  return `${prefix}-${suffix}`;
}

/**
 * Fills in `name` when the user left it out. `platformKeys` are the inputs that replace the object;
 * `replacing` says whether they changed against the old inputs.
 */
export function withName(
  olds: Props,
  news: Props,
  platformKeys: readonly string[],
  replacing: boolean,
): Props {
  if (news.name !== undefined) return { ...news, autoNamed: false };
  if (olds.autoNamed === true && typeof olds.name === "string" && !replacing) {
    return { ...news, name: olds.name, autoNamed: true };
  }
  const platform = platformKeys.map((k) => news[k] ?? null);
  // A name derived from values not known yet is not known yet either.
  const name = isUnknown(platform) ? UNKNOWN : autoName(String(news.autoNameSeed ?? "resource"), platform);
  return { ...news, name, autoNamed: true };
}
