import type * as pulumi from "@pulumi/pulumi";
import { withName } from "./names.js";
import { settingsProblem } from "./settings.js";
import { Failures, isUnknown, type Props } from "./validate.js";

/**
 * One resource kind: which inputs reach the platform, which only steer the provider, how inputs
 * are validated, and its create/read/update/delete. `handlerFor` turns it into the methods the
 * dynamic-provider host calls; check and diff are the same for every kind.
 */
export interface KindSpec {
  /** "Deployment", for messages. */
  label: string;
  /** Inputs sent to the platform. The spec has no update endpoints, so a change replaces. */
  platformInputs: readonly string[];
  /** Inputs only the provider reads (waiting, timeouts, adoption): a change updates in place. */
  providerInputs: readonly string[];
  /** Has a platform name, auto-named when left out. */
  named: boolean;
  /** Adds failures for bad inputs. Values still unknown at preview are skipped. */
  validate(inputs: Props, f: Failures): Promise<void>;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
  /** A reason to replace found in the old outputs alone, e.g. the deployment failed. */
  replaceBecause?(olds: Props): string | undefined;
  /** What a replacement would throw away, said plainly at preview. */
  replaceWarning?(olds: Props): string | undefined;
}

export interface KindHandler {
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}

/** Deep equality of JSON-like values (inputs and outputs are JSON). */
export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Props)[k])]),
    );
  }
  return value;
}

/**
 * Platform inputs whose new value differs from the old one. An input left out keeps whatever the
 * platform chose (a server-side default never causes a diff); an unknown one counts as changed.
 */
export function changedPlatformInputs(spec: KindSpec, olds: Props, news: Props): string[] {
  const keys = spec.named ? ["name", ...spec.platformInputs] : spec.platformInputs;
  return keys.filter((k) => news[k] !== undefined && (isUnknown(news[k]) || !same(olds[k], news[k])));
}

export function handlerFor(spec: KindSpec): KindHandler {
  return {
    async check(olds, news) {
      const hadOld = Object.keys(olds).length > 0;
      const replacing = hadOld && changedInputs(spec, olds, news);
      const inputs = spec.named ? withName(olds, news, spec.platformInputs, replacing) : news;
      const f = new Failures();
      await spec.validate(inputs, f);
      // Every kind needs usable settings, even one whose checks never call the platform: a missing
      // token or a malformed URL fails preview for each resource, not the first create.
      const problem = settingsProblem();
      if (problem && !f.list.some((x) => x.reason.includes(problem.cause))) f.add("", problem.message);
      return { inputs, failures: f.list };
    },

    async diff(_id, olds, news) {
      const replaces = changedPlatformInputs(spec, olds, news);
      const because = spec.replaceBecause?.(olds);
      if (because) {
        replaces.push("status");
        console.log(`${spec.label} ${String(olds.name ?? olds.id)}: ${because}; it will be replaced`);
      }
      const providerChanged = spec.providerInputs.some((k) => !same(olds[k], news[k]));
      if (replaces.length > 0) {
        const warning = spec.replaceWarning?.(olds);
        if (warning) console.log(`warning: ${warning}`);
      }
      // Two objects cannot share a name: with a name the user fixed, the old one must go first.
      const deleteBeforeReplace = spec.named && news.autoNamed === false && news.name === olds.name;
      return {
        changes: replaces.length > 0 || providerChanged,
        replaces,
        deleteBeforeReplace: replaces.length > 0 && deleteBeforeReplace,
      };
    },

    create: (inputs) => spec.create(inputs),
    read: (id, props) => spec.read(id, props),
    update: (id, olds, news) => spec.update(id, olds, news),
    delete: (id, props) => spec.delete(id, props),
  };
}

/** In check, olds are the old inputs, so every platform input compares directly. */
function changedInputs(spec: KindSpec, olds: Props, news: Props): boolean {
  return spec.platformInputs.some((k) => !same(olds[k], news[k]));
}

/** The provider-only inputs of `props`, carried into outputs so diff and delete can see them. */
export function providerOnly(spec: KindSpec, props: Props): Props {
  const keep = [...spec.providerInputs, "autoNameSeed", "autoNamed"];
  return Object.fromEntries(keep.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}
