import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The plugin's version: the package's, read from its package.json (two folders up from
 * dist/provider/plugin, and from provider/plugin when run from source).
 */
function readVersion(): string {
  for (const up of ["../../..", "../.."]) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, up, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "pulumi-predibase" && pkg.version) return pkg.version;
    } catch {
      // Try the next candidate.
    }
  }
  return "0.0.0";
}

export const PLUGIN_VERSION = readVersion();
