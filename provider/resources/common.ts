import * as pulumi from "@pulumi/pulumi";
import { providerSource } from "../stable-provider.js";

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

/** Every output key must be present (as undefined) for the resource to expose it. */
export function withOutputs(args: object, outputKeys: readonly string[]): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const key of outputKeys) props[key] = undefined;
  return { ...props, ...args };
}

/**
 * The dynamic resource type token `pulumi.dynamic.Resource` gives a kind: kept as it was, since the
 * type is part of every resource's URN in existing stacks.
 */
export function typeToken(kind: string): string {
  return `pulumi-nodejs:dynamic/predibase:${kind}`;
}

/**
 * Base of every Predibase resource: a dynamic resource (served by the engine's Node.js
 * dynamic-provider host) whose `__provider` is the short hand-written text of ../stable-provider.ts.
 * It also passes the resource's own URN as the input `selfUrn`, so that the provider can attach the
 * warnings it gives at preview (a replacement that deletes trained adapters) to this resource.
 */
export abstract class PredibaseResource extends pulumi.CustomResource {
  constructor(
    kind: string,
    name: string,
    props: Record<string, unknown>,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    const type = typeToken(kind);
    const urn = pulumi.createUrn(name, type, opts?.parent);
    super(type, name, { ...props, selfUrn: urn, __provider: providerSource(kind) }, opts);
  }
}
