import type { FieldReader } from "../../validation/fields.js";
import type { DeploymentSettings } from "./record.js";

/**
 * The platform's deployment config keys (docs/platform-wire.md §2 "Config keys"), their JSON
 * types, and whether an update (PUT) may change them. The SDK sets no enum, so values are only
 * type-checked here, plus the ranges below.
 */
const CONFIG_KEYS = {
  baseModel: { type: "string", updatable: false },
  accelerator: { type: "string", updatable: false },
  quantization: { type: "string", updatable: false },
  usesGuaranteedCapacity: { type: "boolean", updatable: false },
  customArgs: { type: "strings", updatable: true },
  preloadedAdapters: { type: "strings", updatable: true },
  cooldownTime: { type: "integer", updatable: true },
  minReplicas: { type: "integer", updatable: true },
  maxReplicas: { type: "integer", updatable: true },
  maxTotalTokens: { type: "integer", updatable: true },
  scaleUpRequestThreshold: { type: "integer", updatable: true },
  hfToken: { type: "string", updatable: true },
  loraxImageTag: { type: "string", updatable: true },
  speculator: { type: "string", updatable: true },
  requestLoggingEnabled: { type: "boolean", updatable: true },
  directIngress: { type: "boolean", updatable: true },
  prefixCaching: { type: "boolean", updatable: true },
} as const;

export type ConfigKey = keyof typeof CONFIG_KEYS;
export const CONFIG_KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKey[];
export const UPDATABLE_KEYS = CONFIG_KEY_NAMES.filter((k) => CONFIG_KEYS[k].updatable);
const SETTINGS_KEYS = [
  "customArgs",
  "preloadedAdapters",
  "cooldownTime",
  "maxTotalTokens",
  "scaleUpRequestThreshold",
  "loraxImageTag",
  "speculator",
  "requestLoggingEnabled",
  "directIngress",
  "prefixCaching",
] as const satisfies readonly (keyof DeploymentSettings)[];

/** Quantization values the docs name (docs.predibase.com deployment-config); null = the default. */
export const QUANTIZATIONS = ["none", "fp8", "bitsandbytes-nf4"] as const;

/** The config's non-null keys, type-checked; an unknown key (e.g. snake_case `min_replicas`) is a 400. */
export function readConfig(config: FieldReader): Partial<Record<ConfigKey, unknown>> {
  config.onlyKeys(CONFIG_KEY_NAMES);
  const out: Partial<Record<ConfigKey, unknown>> = {};
  for (const key of CONFIG_KEY_NAMES) {
    const { type } = CONFIG_KEYS[key];
    const value =
      type === "string"
        ? config.string(key)
        : type === "boolean"
          ? config.boolean(key)
          : type === "strings"
            ? config.strings(key)
            : config.integer(key, { min: key === "maxReplicas" ? 1 : key === "maxTotalTokens" ? 1 : 0 });
    if (value !== undefined) out[key] = value;
  }
  if (
    out.quantization !== undefined &&
    !(QUANTIZATIONS as readonly string[]).includes(out.quantization as string)
  ) {
    throw config.fail(
      "quantization",
      `must be one of ${QUANTIZATIONS.join(", ")}; got "${String(out.quantization)}"`,
    );
  }
  if (out.scaleUpRequestThreshold !== undefined && (out.scaleUpRequestThreshold as number) < 1) {
    throw config.fail("scaleUpRequestThreshold", `must be >= 1; got ${String(out.scaleUpRequestThreshold)}`);
  }
  return out;
}

/** The serving settings among `config` (the keys stored on the record's `settings`). */
export function settingsOf(config: Partial<Record<ConfigKey, unknown>>): DeploymentSettings {
  const out: Record<string, unknown> = {};
  for (const key of SETTINGS_KEYS) if (config[key] !== undefined) out[key] = config[key];
  return out as DeploymentSettings;
}
