import { VERSION } from "../../sdk/version.js";

/** The plugin's version: the package's, which is also the schema's (schema/index.ts). */
export const PLUGIN_VERSION = VERSION;

function parts(version: string): number[] {
  return version
    .replace(/^v/, "")
    .split(/[.-]/)
    .slice(0, 3)
    .map((x) => Number.parseInt(x, 10) || 0);
}

/**
 * Whether the SDK a program uses (its schema's version, which the engine passes to CheckConfig as
 * the provider's `version`) can work with this plugin. An older plugin lacks what the SDK declares;
 * a plugin of another major version speaks a different schema. A newer minor or patch is fine: the
 * schema only grows within a major version.
 */
export function versionProblem(sdkVersion: unknown, plugin = PLUGIN_VERSION): string | undefined {
  if (typeof sdkVersion !== "string" || sdkVersion === "") return undefined;
  const [sdkMajor = 0, sdkMinor = 0, sdkPatch = 0] = parts(sdkVersion);
  const [major = 0, minor = 0, patch = 0] = parts(plugin);
  const fix =
    `install pulumi-resource-predibase ${sdkVersion} (npm install -g pulumi-predibase@${sdkVersion}), ` +
    `or use the predibase SDK generated for ${plugin}`;
  if (major !== sdkMajor) {
    return `this program's predibase SDK was generated from schema ${sdkVersion}, but pulumi-resource-predibase is ${plugin}, another major version: ${fix}`;
  }
  const older = minor < sdkMinor || (minor === sdkMinor && patch < sdkPatch);
  if (older) {
    return `pulumi-resource-predibase ${plugin} is older than the schema ${sdkVersion} this program's predibase SDK was generated from: ${fix}`;
  }
  return undefined;
}

/** A plugin newer than the SDK's schema works; the user still hears that the SDK lags behind. */
export function versionNotice(sdkVersion: unknown, plugin = PLUGIN_VERSION): string | undefined {
  if (typeof sdkVersion !== "string" || sdkVersion === "" || versionProblem(sdkVersion, plugin))
    return undefined;
  const [, sdkMinor = 0, sdkPatch = 0] = parts(sdkVersion);
  const [, minor = 0, patch = 0] = parts(plugin);
  if (minor === sdkMinor && patch === sdkPatch) return undefined;
  return (
    `pulumi-resource-predibase ${plugin} is newer than the schema ${sdkVersion} this program's predibase SDK ` +
    `was generated from: it works, but inputs added since ${sdkVersion} are not in the SDK; update the SDK to ${plugin}`
  );
}
