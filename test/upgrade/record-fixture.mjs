// Records the upgrade fixture of a release: state written by that release's provider, and the
// platform objects it stands for. Run it against a checkout of the release, built, with
// node_modules (see test/upgrade/README.md):
//
//   node test/upgrade/record-fixture.mjs /tmp/old d9b9fe3
//
// It runs the release's own emulator and provider through this repository's engine, with a stack
// holding one resource of each kind, then writes test/upgrade/fixtures/<label>.json:
//   { recordedFrom, project, stack, deployment: <`pulumi stack export`>, platform: <objects> }
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { engineBinDir, offlinePulumiEnv, repoRoot } from "../../scripts/engine-env.mjs";
import { FIXTURE_PROGRAM, FIXTURE_PROJECT, FIXTURE_STACK } from "./fixture-program.mjs";

const [treeArg, label] = process.argv.slice(2);
if (!treeArg || !label) {
  console.error("usage: node test/upgrade/record-fixture.mjs <release checkout> <label>");
  process.exit(2);
}
const tree = resolve(treeArg);
if (!existsSync(join(tree, "dist", "provider", "index.js"))) {
  console.error(`${tree}: no dist/; run npm run build there first`);
  process.exit(2);
}

const { startEmulator } = await import(join(tree, "dist", "emulator", "index.js"));
const emu = await startEmulator({ timeScale: 5_000 });
// Inside the release's tree, so the program's require("pulumi-predibase") loads that release.
const work = join(tree, ".cache", "upgrade-fixture");
rmSync(work, { recursive: true, force: true });
const dir = join(work, "project");
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "Pulumi.yaml"), `name: ${FIXTURE_PROJECT}\nruntime: nodejs\nmain: index.js\n`);
writeFileSync(join(dir, "index.js"), FIXTURE_PROGRAM);

try {
  const env = offlinePulumiEnv(join(work, "state"), {
    PREDIBASE_API_TOKEN: emu.apiToken,
    PREDIBASE_API_URL: emu.apiUrl,
    PREDIBASE_SERVING_URL: emu.servingUrl,
    PREDIBASE_TENANT_ID: emu.tenantId,
  });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: FIXTURE_STACK, workDir: dir },
    { envVars: env, pulumiCommand: await PulumiCommand.get({ root: join(engineBinDir(), "..") }) },
  );
  const up = await stack.up();
  if (up.summary.result !== "succeeded") throw new Error(`up: ${up.summary.result}`);
  const deployment = await stack.exportStack();
  const text = JSON.stringify(deployment);
  if (text.includes(emu.apiToken)) throw new Error("the API token reached the state: not recording it");
  const platform = emu.control.state().tenants[emu.tenantId];
  const out = join(repoRoot, "test", "upgrade", "fixtures", `${label}.json`);
  mkdirSync(join(out, ".."), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify(
      { recordedFrom: label, project: FIXTURE_PROJECT, stack: FIXTURE_STACK, deployment, platform },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${out} (${deployment.deployment.resources.length} resources)`);
} finally {
  await emu.close();
}
