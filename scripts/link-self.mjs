// Makes `require("pulumi-predibase")` resolve inside this repository the way it does in a
// user's project. Run by npm's `prepare`, which npm runs for `npm install`/`npm ci` in this
// repository (and before `npm pack`) but never when the package is installed into another
// project: this file is not in the package, and nothing of it must run there.
// The dynamic-provider host loads the provider with `require("pulumi-predibase")` from
// node_modules/@pulumi/pulumi, which never sees the repository root by self-reference,
// so the examples, tests and demo need node_modules/pulumi-predibase to point back here.
import { existsSync, lstatSync, mkdirSync, symlinkSync, unlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const link = join(root, "node_modules", "pulumi-predibase");

// Installed as a dependency of somebody else's project: nothing to link.
if (
  !existsSync(join(root, "scripts", "link-self.mjs")) ||
  root.includes(`${join("node_modules", "pulumi-predibase")}`)
) {
  process.exit(0);
}
mkdirSync(dirname(link), { recursive: true });
try {
  if (lstatSync(link)) unlinkSync(link);
} catch {
  // no previous link
}
symlinkSync("..", link, "dir");
