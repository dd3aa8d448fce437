import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

// The version sent in User-Agent comes from the package's own package.json. The file sits at a
// different depth in the source tree (sdk/) and in the build (dist/sdk/), so walk up to it instead
// of importing it (an import would copy package.json into dist/).
function findPackageVersion(start: string): string {
  let dir = start;
  for (let depth = 0; depth < 6; depth++) {
    try {
      const pkg: unknown = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      if (isOurPackage(pkg)) return pkg.version;
    } catch {
      // no package.json at this level, or not JSON: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return "0.0.0";
}

function isOurPackage(pkg: unknown): pkg is { name: string; version: string } {
  if (typeof pkg !== "object" || pkg === null) return false;
  const { name, version } = pkg as Record<string, unknown>;
  return name === "pulumi-predibase" && typeof version === "string";
}

/** The version of pulumi-predibase, as in its package.json. */
export const VERSION: string = findPackageVersion(__dirname);

export const USER_AGENT = `pulumi-predibase/${VERSION}`;
