import * as pulumi from "@pulumi/pulumi";

/** Provider-only timeouts, as durations like "90m", "2h", "45s". Changing them never touches the platform. */
export interface Timeouts {
  /** How long create waits for readiness before leaving the resource in state to resume later. */
  create?: string;
  /** How long delete waits for the object to be gone. */
  delete?: string;
}

/**
 * Seed of the auto-name: project, stack and logical name, so names differ across stacks and are the
 * same in preview and up. Only used when `name` is left out.
 */
export function autoNameSeed(logicalName: string): string {
  return `${pulumi.getProject()}/${pulumi.getStack()}/${logicalName}`;
}

/** Every output key must be present (as undefined) for the dynamic resource to expose it. */
export function withOutputs(args: object, outputKeys: readonly string[]): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const key of outputKeys) props[key] = undefined;
  return { ...props, ...args };
}
