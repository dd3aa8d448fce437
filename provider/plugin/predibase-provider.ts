import { ResourceInitFailure } from "../runtime/awaiting.js";
import { type CallContext, withCallContext } from "../runtime/call-context.js";
import { info, warn } from "../runtime/engine-log.js";
import { platformChanges, same, secretInputs } from "../runtime/kind.js";
import { type Settings, settingsProblem } from "../runtime/settings.js";
import type { Props } from "../runtime/validate.js";
import { checkConfig, MISSING_TOKEN, settingsFrom } from "./config.js";
import { invokeFunction } from "./functions.js";
import { kindOf, PROVIDER_ADDED_INPUTS, parseUrn, programInputs } from "./kinds.js";
import { withFileHash } from "./local-files.js";
import { unwrapSecrets, wrapSecrets } from "./properties.js";
import { versionNotice, versionProblem } from "./version.js";

export interface CheckFailure {
  property: string;
  reason: string;
}

export type DiffKind = "ADD" | "ADD_REPLACE" | "DELETE" | "DELETE_REPLACE" | "UPDATE" | "UPDATE_REPLACE";

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  detailedDiff: Record<string, { kind: DiffKind; inputDiff: boolean }>;
}

/**
 * The auto-name's seed (project/stack/logical name): the dynamic resources store it as an input,
 * having no URN in their provider calls; the plugin has the URN in every call, so it derives the
 * seed each time and stores it nowhere, a line less in each resource's inputs and outputs.
 */
function autoNameSeedOf(urn: string): string {
  const { project, stack, name } = parseUrn(urn);
  return `${project}/${stack}/${name}`;
}

/** What the plugin never hands the engine to store: the seed (above) and the URN given to the kinds. */
function unstored(props: Props): Props {
  const { autoNameSeed: _seed, selfUrn: _urn, ...stored } = props;
  return stored;
}

/** A step's timeout from the engine, in seconds (0: none). */
type Timeout = number;

/**
 * One provider instance as the engine sees it: its configuration (one tenant), the resource
 * methods over the same kind descriptions the dynamic resources use (runtime/kinds), and Cancel.
 * Properties come in and go out as plain JSON with the engine's secret and unknown markers
 * (properties.ts); the gRPC framing is server.ts's.
 */
export class PredibaseProvider {
  #settings: Settings | undefined;
  /** Some setting is not known yet (an explicit provider fed by another resource's output, at preview). */
  #configUnknown = false;
  readonly #cancel = new AbortController();

  checkConfig(news: Props): { inputs: Props; failures: CheckFailure[] } {
    const { plain, secretKeys } = unwrapSecrets(news);
    const failures = checkConfig(plain);
    const problem = versionProblem(plain.version);
    if (problem) failures.push({ property: "version", reason: problem });
    const notice = versionNotice(plain.version);
    if (notice) void warn("", notice);
    secretKeys.add("apiToken");
    return { inputs: wrapSecrets(plain, secretKeys), failures };
  }

  configure(config: Props): void {
    const { plain } = unwrapSecrets(config);
    const { settings, unknown } = settingsFrom(plain);
    this.#configUnknown = unknown;
    if (!unknown && !settings.apiToken) throw new Error(MISSING_TOKEN);
    this.#settings = settings;
    if (!unknown) {
      // A malformed URL or an unknown wire format fails here, naming the setting, not at the first call.
      const problem = withCallContext({ settings }, () => settingsProblem());
      if (problem) throw new Error(`Predibase provider: ${problem.message}`);
    }
  }

  async check(
    urn: string,
    oldsIn: Props,
    newsIn: Props,
  ): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const { spec, handler, kind } = kindOf(urn);
    const olds = unwrapSecrets(oldsIn).plain;
    const { plain: news, secretKeys } = unwrapSecrets(newsIn);
    const allowed = programInputs(kind);
    const failures: CheckFailure[] = [];
    for (const key of Object.keys(news)) {
      if (allowed.includes(key) || PROVIDER_ADDED_INPUTS.includes(key)) continue;
      failures.push({
        property: key,
        reason: `${kind} has no input "${key}": its inputs are ${allowed.join(", ")}`,
      });
    }
    const prepared = withFileHash(kind, news, (property, reason) => failures.push({ property, reason }));
    const withSeed = { ...prepared, autoNameSeed: autoNameSeedOf(urn), selfUrn: urn };
    if (this.#configUnknown) {
      // No client yet: the platform's checks (models, accelerators) wait for the real run.
      return { inputs: wrapSecrets(unstored(withSeed), [...secretKeys, ...secretInputs(spec)]), failures };
    }
    const result = await this.#call(urn, 0, () => handler.check(olds, withSeed));
    for (const f of result.failures ?? []) failures.push({ property: f.property, reason: f.reason });
    return {
      inputs: wrapSecrets(unstored(result.inputs as Props), [...secretKeys, ...secretInputs(spec)]),
      failures,
    };
  }

  async diff(urn: string, id: string, oldsIn: Props, newsIn: Props): Promise<DiffResult> {
    const { spec, handler } = kindOf(urn);
    const olds = unwrapSecrets(oldsIn).plain;
    // The seed, never stored, tells diff which name a replacement would get.
    const news: Props = { ...unwrapSecrets(newsIn).plain, autoNameSeed: autoNameSeedOf(urn), selfUrn: urn };
    const result = await this.#call(urn, 0, () => handler.diff(id, olds, news));
    const replaces = result.replaces ?? [];
    const detailedDiff: DiffResult["detailedDiff"] = {};
    const kindOfChange = (key: string, replace: boolean): DiffKind => {
      const base = olds[key] === undefined ? "ADD" : news[key] === undefined ? "DELETE" : "UPDATE";
      return (replace ? `${base}_REPLACE` : base) as DiffKind;
    };
    for (const key of replaces) {
      // `status`: a failed object is replaced though no input changed; the diff says so.
      detailedDiff[key] = { kind: kindOfChange(key, true), inputDiff: key !== "status" };
    }
    for (const key of platformChanges(spec, olds, news).update) {
      detailedDiff[key] ??= { kind: kindOfChange(key, false), inputDiff: true };
    }
    for (const key of spec.providerInputs) {
      if (!same(olds[key], news[key]))
        detailedDiff[key] ??= { kind: kindOfChange(key, false), inputDiff: true };
    }
    return {
      changes: Boolean(result.changes),
      replaces,
      deleteBeforeReplace: Boolean(result.deleteBeforeReplace),
      detailedDiff,
    };
  }

  async create(urn: string, propsIn: Props, timeout: Timeout): Promise<{ id: string; outs: Props }> {
    const { handler } = kindOf(urn);
    const { plain, secretKeys } = unwrapSecrets(propsIn);
    const result = await this.#call(
      urn,
      timeout,
      () => handler.create({ ...plain, selfUrn: urn }),
      secretKeys,
    );
    return { id: result.id, outs: this.#outputs(result.outs ?? {}, secretKeys) };
  }

  async read(
    urn: string,
    id: string,
    propsIn: Props,
    inputsIn: Props,
  ): Promise<{ id: string; props: Props; inputs: Props }> {
    const { handler, spec } = kindOf(urn);
    const { plain: props, secretKeys } = unwrapSecrets(propsIn);
    const inputSecrets = unwrapSecrets(inputsIn).secretKeys;
    const result = await this.#call(urn, 0, () => handler.read(id, props));
    if (!result.id) return { id: "", props: {}, inputs: {} };
    return {
      id: result.id,
      props: this.#outputs(result.props ?? {}, secretKeys),
      inputs: wrapSecrets(unstored(result.inputs ?? {}), [...inputSecrets, ...secretInputs(spec)]),
    };
  }

  async update(urn: string, id: string, oldsIn: Props, newsIn: Props, timeout: Timeout): Promise<Props> {
    const { handler } = kindOf(urn);
    const olds = unwrapSecrets(oldsIn).plain;
    const { plain: news, secretKeys } = unwrapSecrets(newsIn);
    const result = await this.#call(
      urn,
      timeout,
      () => handler.update(id, olds, { ...news, selfUrn: urn }),
      secretKeys,
    );
    return this.#outputs(result.outs ?? {}, secretKeys);
  }

  async delete(urn: string, id: string, propsIn: Props, timeout: Timeout): Promise<void> {
    const { handler } = kindOf(urn);
    const props = unwrapSecrets(propsIn).plain;
    await this.#call(urn, timeout, () => handler.delete(id, props));
  }

  invoke(token: string, argsIn: Props): Promise<{ outputs: Props; failures: CheckFailure[] }> {
    const args = unwrapSecrets(argsIn).plain;
    return this.#call("", 0, () => invokeFunction(token, args));
  }

  /** The engine's Cancel: every wait in flight (and any later one) ends as after a timeout. */
  cancel(): void {
    this.#cancel.abort();
  }

  /** Outputs never hold a secret, but one derived from a secret input stays secret. */
  #outputs(outs: Props, secretKeys: Set<string>): Props {
    return wrapSecrets(unstored(outs), secretKeys);
  }

  /** Runs a kind's method with this instance's settings, the step's timeout and the cancel signal. */
  async #call<T>(urn: string, timeout: Timeout, fn: () => Promise<T>, secretKeys?: Set<string>): Promise<T> {
    if (!this.#settings) throw new Error("Predibase provider: used before Configure");
    const context: CallContext = {
      settings: this.#settings,
      signal: this.#cancel.signal,
      urn: urn || undefined,
      progress: (line) => void info(urn || undefined, line),
    };
    if (timeout > 0) context.timeoutMs = timeout * 1000;
    try {
      return await withCallContext(context, fn);
    } catch (err) {
      if (err instanceof ResourceInitFailure) {
        throw new ResourceInitFailure(
          err.message,
          err.id,
          this.#outputs(err.properties, secretKeys ?? new Set()),
        );
      }
      throw err;
    }
  }
}
