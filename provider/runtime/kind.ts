import { createHmac } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { warn } from "./engine-log.js";
import { unlessGone } from "./gone.js";
import { autoName, withName } from "./names.js";
import { defined } from "./outputs.js";
import { settingsProblem } from "./settings.js";
import { Failures, isUnknown, type Props } from "./validate.js";

/**
 * What a change of a platform input does:
 * - `replace`: the platform cannot change it; a new object replaces the old one.
 * - `update`: changed in place, where the wire format has an update endpoint (`canUpdate`);
 *   elsewhere it replaces.
 * - `fixed`: set at create and never changed afterwards, and no reason to replace either (an
 *   AdapterRepo's description: there is no repo update endpoint, and replacing would delete
 *   every trained version). A change is ignored, with an engine warning at preview.
 */
export type OnChange = "replace" | "update" | "fixed";

/** One input that reaches the platform. */
export interface PlatformField {
  /** The input's name (camelCase, as in the program and in the outputs). */
  input: string;
  /**
   * The key of the SDK's object that holds the platform's value (its public snake_case shape), or
   * null for an input the platform does not keep (`triggers`): the provider keeps it itself.
   */
  wire: string | null;
  onChange: OnChange;
  /**
   * The platform takes it but does not show it back (a job's training settings): the provider keeps
   * the program's value in the outputs, so a change is still seen.
   */
  kept?: true;
  /**
   * A secret the platform takes but never shows (the Hugging Face token): never stored in outputs.
   * The outputs keep a keyed hash of it under `<input>Hash`, so that a change is still seen.
   */
  secret?: true;
}

/**
 * One resource kind, described: which inputs reach the platform and under which name, what a
 * change of each does, which inputs only steer the provider, which outputs it documents. Check,
 * diff, read and the outputs of every kind come from this description (`handlerFor`); create,
 * update and delete are the kind's own.
 */
export interface KindSpec<T extends object = object> {
  /** "Deployment", for messages. */
  label: string;
  /** Has a platform name, auto-named when left out. */
  named: boolean;
  fields: readonly PlatformField[];
  /** Inputs only the provider reads (waiting, timeouts, adoption): a change updates in place. */
  providerInputs: readonly string[];
  /** The documented outputs read from the platform object: output name -> SDK key. */
  outputs: Readonly<Record<string, string>>;
  /** Outputs computed from the object (URLs, counts), after the documented ones. */
  derivedOutputs?(obj: T, props: Props): Props;
  /** Whether `update` fields change in place (the wire format has the endpoint). */
  canUpdate?(): boolean;
  /**
   * Adds failures for bad inputs. Values still unknown at preview are skipped. `olds` are the inputs
   * checked last time (empty for a new object, and at create): checks against the platform's model
   * list are skipped for inputs that have not changed since (catalogue.ts, `checkedBefore`).
   */
  validate(inputs: Props, f: Failures, olds: Props): Promise<void>;
  /** Reads the platform object by id; NotFoundError when it is gone. */
  get(id: string): Promise<T>;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
  /** A reason to replace found in the old outputs alone, e.g. the deployment failed. */
  replaceBecause?(olds: Props): string | undefined;
  /**
   * What a replacement would throw away (trained adapter versions, a serving deployment), said
   * plainly at preview as an engine warning. May ask the platform: the state can be older than it.
   */
  replaceWarning?(id: string, olds: Props, deleteFirst: boolean): Promise<string | undefined>;
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

/** The inputs the platform treats as secrets whatever the program says (both front ends, the schema). */
export function secretInputs(spec: KindSpec): string[] {
  return spec.fields.filter((f) => f.secret).map((f) => f.input);
}

/** What a change of `field` does with the current wire format. */
export function effectOf(spec: KindSpec, field: PlatformField): OnChange {
  if (field.onChange === "update" && !(spec.canUpdate?.() ?? false)) return "replace";
  return field.onChange;
}

/** The inputs whose change replaces the object (and from which an auto-name derives). */
export function replacingInputs(spec: KindSpec): string[] {
  return spec.fields.filter((f) => effectOf(spec, f) === "replace" && !f.secret).map((f) => f.input);
}

/**
 * An input counts as changed only when the program gives it: one left out keeps whatever the
 * platform has (a server default, or a value set before), so removing an input from the program is
 * never a reason to replace or update. An unknown value counts as changed.
 */
function changed(olds: Props, news: Props, key: string): boolean {
  return news[key] !== undefined && (isUnknown(news[key]) || !same(olds[key], news[key]));
}

/** A keyed hash of a secret input: enough to see a change, useless to recover the secret. */
export function secretHash(value: unknown): string {
  return createHmac("sha256", "pulumi-predibase secret input")
    .update(String(value))
    .digest("hex")
    .slice(0, 20);
}

function fieldChanged(olds: Props, news: Props, field: PlatformField): boolean {
  if (!field.secret) return changed(olds, news, field.input);
  const value = news[field.input];
  if (value === undefined) return false;
  return isUnknown(value) || olds[`${field.input}Hash`] !== secretHash(value);
}

/** The SDK parameters (snake_case) of the given inputs, those the program sets. */
export function wireParams(
  spec: KindSpec,
  props: Props,
  inputs?: readonly string[],
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const f of spec.fields) {
    if (f.wire === null || (inputs && !inputs.includes(f.input))) continue;
    if (props[f.input] !== undefined) params[f.wire] = props[f.input];
  }
  return params;
}

/** Platform inputs whose new value differs from the old one, grouped by what the change does. */
export function platformChanges(spec: KindSpec, olds: Props, news: Props): Record<OnChange, string[]> {
  const out: Record<OnChange, string[]> = { replace: [], update: [], fixed: [] };
  if (spec.named && changed(olds, news, "name")) out.replace.push("name");
  for (const field of spec.fields) {
    if (fieldChanged(olds, news, field)) out[effectOf(spec, field)].push(field.input);
  }
  return out;
}

/** The name a replacement will get: the engine checks a replacement with no old inputs. */
function replacementName(spec: KindSpec, news: Props): unknown {
  if (news.autoNamed === false) return news.name;
  const keys = replacingInputs(spec);
  return autoName(
    String(news.autoNameSeed ?? "resource"),
    keys.map((k) => news[k] ?? null),
  );
}

/** The provider-only inputs of `props`, carried into outputs so diff and delete can see them. */
export function providerOnly(spec: KindSpec, props: Props): Props {
  const keep = [...spec.providerInputs, "autoNameSeed", "autoNamed"];
  const out: Props = {};
  for (const f of spec.fields) {
    if (f.secret) {
      // From the inputs (create, update) or from earlier outputs (read).
      const hash = props[f.input] !== undefined ? secretHash(props[f.input]) : props[`${f.input}Hash`];
      if (hash !== undefined) out[`${f.input}Hash`] = hash;
    } else if (f.wire === null || f.kept) keep.push(f.input);
  }
  for (const k of keep) if (props[k] !== undefined) out[k] = props[k];
  return out;
}

/** The outputs: provider-only inputs, the documented fields of the platform object, derived ones. */
export function outputsOf<T extends object>(spec: KindSpec<T>, props: Props, obj: T): Props {
  const wire = obj as Record<string, unknown>;
  const documented: Props = {};
  for (const [key, from] of Object.entries(spec.outputs)) documented[key] = wire[from] ?? undefined;
  return defined({
    ...providerOnly(spec as KindSpec, props),
    ...documented,
    ...spec.derivedOutputs?.(obj, props),
  });
}

/** The inputs as the platform has them now (refresh): drift then shows in the next preview. */
export function inputsOf<T extends object>(spec: KindSpec<T>, props: Props, obj: T): Props {
  const wire = obj as Record<string, unknown>;
  const inputs: Props = { ...providerOnly(spec as KindSpec, props) };
  if (spec.named) inputs.name = wire.name;
  for (const f of spec.fields) {
    if (f.wire !== null && !f.secret && !f.kept) inputs[f.input] = wire[f.wire] ?? undefined;
  }
  return defined(inputs);
}

export function handlerFor<T extends object>(typed: KindSpec<T>): KindHandler {
  const spec = typed as unknown as KindSpec;
  return {
    async check(olds, news) {
      const hadOld = Object.keys(olds).length > 0;
      const keys = replacingInputs(spec);
      const replacing =
        hadOld && spec.fields.some((f) => keys.includes(f.input) && fieldChanged(olds, news, f));
      const inputs = spec.named ? withName(olds, news, keys, replacing) : news;
      const f = new Failures();
      await spec.validate(inputs, f, olds);
      // Every kind needs usable settings, even one whose checks never call the platform: a missing
      // token or a malformed URL fails preview for each resource, not the first create.
      const problem = settingsProblem();
      if (problem && !f.list.some((x) => x.reason.includes(problem.cause))) f.add("", problem.message);
      return { inputs, failures: f.list };
    },

    async diff(_id, olds, news) {
      const changes = platformChanges(spec, olds, news);
      const replaces = [...changes.replace];
      const urn = typeof news.selfUrn === "string" ? news.selfUrn : undefined;
      const what = `${spec.label} ${String(olds.name ?? olds.id ?? _id)}`;
      const because = spec.replaceBecause?.(olds);
      if (because) {
        replaces.push("status");
        await warn(urn, `${what}: ${because}; it will be replaced`);
      }
      for (const key of changes.fixed) {
        await warn(
          urn,
          `${what}: ${key} cannot be changed after creation (Predibase has no update for it), so the change ` +
            `is ignored: it stays ${JSON.stringify(olds[key] ?? null)} on Predibase, and nothing is replaced. ` +
            `To have the new ${key}, create a new ${spec.label} under another name.`,
        );
      }
      const providerChanged = spec.providerInputs.some((k) => !same(olds[k], news[k]));
      // Two objects cannot share a name: when the replacement would get the old one's name (a name
      // the user fixed, or an auto-name from unchanged inputs after a failure), the old one goes first.
      const deleteBeforeReplace =
        spec.named && replaces.length > 0 && same(replacementName(spec, news), olds.name);
      if (replaces.length > 0) {
        const warning = await spec.replaceWarning?.(_id, olds, deleteBeforeReplace).catch(() => undefined);
        if (warning) await warn(urn, warning);
      }
      return {
        changes: replaces.length > 0 || changes.update.length > 0 || providerChanged,
        replaces,
        deleteBeforeReplace,
      };
    },

    create: (inputs) => spec.create(inputs),

    async read(id, props) {
      const obj = await unlessGone(() => spec.get(id));
      // Gone: refresh drops it, and the next `up` creates it again.
      if (!obj) return {};
      return { id, props: outputsOf(spec, props, obj), inputs: inputsOf(spec, props, obj) };
    },

    update: (id, olds, news) => spec.update(id, olds, news),
    delete: (id, props) => spec.delete(id, props),
  };
}
