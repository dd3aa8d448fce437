import { resolveSettings, SETTINGS, type Settings } from "../runtime/settings.js";
import { isUnknown, type Props } from "../runtime/validate.js";

/**
 * The provider's configuration: for the default provider the engine passes the stack's
 * `predibase:*` config; an explicit `predibase:Provider` passes its inputs. Each setting falls back
 * to its PREDIBASE_* variable, as for the dynamic resources (runtime/settings.ts).
 */
const KEYS = Object.keys(SETTINGS) as Array<keyof Settings>;

/** Keys the engine itself may add to a provider's inputs. */
const ENGINE_KEYS = new Set(["version", "pluginDownloadURL"]);

export interface ConfigFailure {
  property: string;
  reason: string;
}

/** Type and name checks of the provider's inputs; the token's presence is checked at Configure. */
export function checkConfig(news: Props): ConfigFailure[] {
  const failures: ConfigFailure[] = [];
  for (const [key, value] of Object.entries(news)) {
    if (ENGINE_KEYS.has(key)) continue;
    if (!(KEYS as string[]).includes(key)) {
      failures.push({
        property: key,
        reason: `unknown Predibase provider setting "${key}": the settings are ${KEYS.join(", ")}`,
      });
    } else if (value !== undefined && value !== null && !isUnknown(value) && typeof value !== "string") {
      failures.push({
        property: key,
        reason: `predibase:${key} must be a string; got ${JSON.stringify(value)}`,
      });
    }
  }
  return failures;
}

/** The settings of one provider instance, the environment filling what its config leaves out. */
export function settingsFrom(config: Props): { settings: Settings; unknown: boolean } {
  const settings = resolveSettings((key) => {
    const value = config[key];
    return typeof value === "string" && !isUnknown(value) ? value : undefined;
  });
  return { settings, unknown: KEYS.some((key) => isUnknown(config[key])) };
}

export const MISSING_TOKEN =
  "Predibase provider: no API token. Set it with `pulumi config set --secret predibase:apiToken <token>` " +
  "(or the PREDIBASE_API_TOKEN environment variable); an explicit predibase provider takes it as its " +
  "apiToken input.";
