import { handlers } from "../runtime/index.js";
import type { KindHandler, KindSpec } from "../runtime/kind.js";
import { inputNames, KINDS as SCHEMA_KINDS } from "./schema/resources.js";

/** The package's name in tokens (`predibase:index:Deployment`) and the plugin's name. */
export const PACKAGE = "predibase";

/**
 * Each resource kind the plugin serves, by its token's last part: the kinds the schema declares,
 * each with the handler the dynamic resources use (runtime/index.ts), so the two lists cannot differ.
 */
export const KINDS: Readonly<Record<string, { spec: KindSpec; handler: KindHandler }>> = Object.fromEntries(
  Object.entries(SCHEMA_KINDS).map(([kind, source]) => {
    const handler = handlers[kind];
    if (!handler) throw new Error(`the schema declares ${kind}, which the runtime has no handler for`);
    return [kind, { spec: source.spec, handler }];
  }),
);

/** The inputs a program may give a kind: the schema's inputProperties, from the same description. */
export function programInputs(kind: string): string[] {
  const source = SCHEMA_KINDS[kind];
  return source ? inputNames(source) : [];
}

/**
 * Inputs the provider adds itself (the auto-name's seed, a file's content hash): not in the schema,
 * but the engine hands stored inputs back in some flows (an import's read inputs), so they pass.
 */
export const PROVIDER_ADDED_INPUTS: readonly string[] = ["autoNameSeed", "autoNamed", "fileHash"];

export interface ParsedUrn {
  stack: string;
  project: string;
  /** The resource's own type token (the last of a parent chain `a$b`). */
  type: string;
  name: string;
}

/** `urn:pulumi:<stack>::<project>::<parent$type>::<name>` */
export function parseUrn(urn: string): ParsedUrn {
  const parts = urn.split("::");
  const stack = (parts[0] ?? "").replace(/^urn:pulumi:/, "");
  const qualified = parts[2] ?? "";
  return {
    stack,
    project: parts[1] ?? "",
    type: qualified.split("$").pop() ?? "",
    name: parts.slice(3).join("::"),
  };
}

/** The kind a URN names, or an error naming the kinds there are. */
export function kindOf(urn: string): { kind: string; spec: KindSpec; handler: KindHandler } {
  const { type } = parseUrn(urn);
  const [pkg, module, kind] = type.split(":");
  const entry = kind ? KINDS[kind] : undefined;
  if (pkg !== PACKAGE || module !== "index" || !kind || !entry) {
    throw new Error(
      `unknown resource type "${type}": ${PACKAGE} has ${Object.keys(KINDS)
        .map((k) => `${PACKAGE}:index:${k}`)
        .join(", ")}`,
    );
  }
  return { kind, ...entry };
}
