// The rule that ties the Pulumi engine to the Node.js SDK (docs/engine.md), checked in one place:
//   - package.json pins @pulumi/pulumi exactly in devDependencies: the version this repository
//     builds, tests and benchmarks with;
//   - that pin satisfies the peer range users get (peerDependencies), and is its floor: the range
//     starts at a version the tests run;
//   - node_modules holds exactly that version (npm ci after a pin change);
//   - tools/pulumi/go.mod pins github.com/pulumi/pulumi/pkg/v3 and sdk/v3 at the same version,
//     so the engine built from it is the SDK's own release.
// Prints the version on success; exits 1 naming what disagrees and the fix otherwise.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const read = (...p) => readFileSync(join(root, ...p), "utf8");

const problems = [];
const manifest = JSON.parse(read("package.json"));
const pinned = manifest.devDependencies?.["@pulumi/pulumi"];
const peer = manifest.peerDependencies?.["@pulumi/pulumi"];
if (!/^\d+\.\d+\.\d+$/.test(pinned ?? "")) {
  console.error(
    `pulumi version rule: package.json devDependencies["@pulumi/pulumi"] must be an exact version (X.Y.Z); it is "${pinned}"`,
  );
  process.exit(1);
}
// The peer range's floor: "^X.Y.Z" or ">=X.Y.Z ..." (the forms this repository uses).
const floor = /^(?:\^|>=\s*)(\d+\.\d+\.\d+)/.exec(peer ?? "")?.[1];
if (!floor) {
  problems.push(
    `package.json peerDependencies["@pulumi/pulumi"] must start at a version ("^X.Y.Z"); it is "${peer}"`,
  );
} else if (floor !== pinned) {
  problems.push(
    `the peer range "${peer}" starts at ${floor} but the tests run ${pinned}: make the range start at the tested version`,
  );
}

let installed;
try {
  installed = JSON.parse(read("node_modules", "@pulumi", "pulumi", "package.json")).version;
} catch {
  problems.push("@pulumi/pulumi is not installed: run npm ci");
}
if (installed && installed !== pinned) {
  problems.push(`node_modules has @pulumi/pulumi ${installed} but package.json pins ${pinned}: run npm ci`);
}

const goMod = read("tools", "pulumi", "go.mod");
for (const mod of ["pkg", "sdk"]) {
  const v = new RegExp(`github\\.com/pulumi/pulumi/${mod}/v3 v(\\S+)`).exec(goMod)?.[1];
  if (v !== pinned) {
    problems.push(
      `tools/pulumi/go.mod pins github.com/pulumi/pulumi/${mod}/v3 v${v} but package.json pins @pulumi/pulumi ${pinned}: ` +
        `set both to the same release (cd tools/pulumi && go get github.com/pulumi/pulumi/pkg/v3@v${pinned} && go mod tidy)`,
    );
  }
}

if (problems.length > 0) {
  for (const p of problems) console.error(`pulumi version rule: ${p}`);
  process.exit(1);
}
console.log(pinned);
