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
 * Why registration runs with `Error.stackTraceLimit = 0`: @pulumi/pulumi's `debuggablePromise`
 * (runtime/debuggable.js) stores `new Error().stack` on every promise it wraps, and
 * `transferProperties` (runtime/rpc.js) wraps four per property a resource declares: its inputs
 * plus every output (23 on a Deployment), so about 100 formatted stacks per Deployment, formatted at
 * once. Those stacks are read only to print leaked promises when PULUMI_DEBUG_PROMISE_LEAKS is set,
 * so with that variable set they are kept. Not affected: the source position of the resource
 * (`Resource.callsites()` sets its own unlimited limit). Affected: an error created during the
 * registration call itself, which is the one @pulumi/pulumi preallocates for a failed RegisterResource,
 * keeps its message (resource name and type) but has no frames; the engine's own diagnostic names
 * the resource too. An error thrown by the constructor gets its frames back (see below).
 */
const debugPromiseLeaks = Boolean(process.env.PULUMI_DEBUG_PROMISE_LEAKS);

/**
 * Base of every Predibase resource: a dynamic resource (served by the engine's Node.js
 * dynamic-provider host) whose `__provider` is the short hand-written text of ../stable-provider.ts.
 * It also passes the resource's own URN as the input `selfUrn`, so that the provider can attach the
 * warnings it gives at preview (a replacement that deletes trained adapters) to this resource.
 * Its registration formats no stack traces (see `debugPromiseLeaks` above): at 200 Deployments
 * that was most of the program's CPU in a no-change `up` (bench/results.md, figure 8).
 */
export abstract class PredibaseResource extends pulumi.CustomResource {
  constructor(
    kind: string,
    name: string,
    props: Record<string, unknown>,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    const limit = Error.stackTraceLimit;
    if (!debugPromiseLeaks) Error.stackTraceLimit = 0;
    const restoreFrames = withoutOwnFrame();
    try {
      const type = typeToken(kind);
      // Without a parent the URN is known now: a plain string spares an Output chain per resource
      // (the same text `pulumi.createUrn` builds for a resource under the root stack).
      const urn =
        opts?.parent === undefined
          ? `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${type}::${name}`
          : pulumi.createUrn(name, type, opts.parent);
      super(type, name, { ...props, selfUrn: urn, __provider: providerSource(kind) }, opts);
    } catch (err) {
      // Thrown while frames were off (e.g. invalid resource options): give it frames up to the caller.
      Error.stackTraceLimit = limit;
      if (err instanceof Error) Error.captureStackTrace(err);
      throw err;
    } finally {
      Error.stackTraceLimit = limit;
      restoreFrames();
    }
  }
}

/**
 * @pulumi/pulumi records where the program created a resource (the state's `sourcePosition`, which
 * Pulumi Cloud links to) as the frame after one subclass constructor: `Resource.stackTrace(4)` in
 * resource.js skips its own frames, CustomResource's and the generated class's. Ours have two, this
 * base and the kind's class, so the position would name our dist/provider/resources/<kind>.js and
 * not the user's line. While the resource registers, stacks are formatted without this base's frame.
 */
function withoutOwnFrame(): () => void {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, frames) => {
    const kept = frames.filter((f) => !(f.isConstructor() && f.getFunctionName() === PredibaseResource.name));
    return previous ? previous(error, kept) : `${error}${kept.map((f) => `\n    at ${f}`).join("")}`;
  };
  return () => {
    Error.prepareStackTrace = previous;
  };
}
