// The launcher scripts/ensure-engine.sh writes beside the engine, pulumi-resource-predibase: it is
// on the offline PATH, runs a checkout's dist/provider/plugin/main.js (the checkout chosen by
// PULUMI_PREDIBASE_ROOT, which offlinePulumiEnv sets) with that checkout's Node, passes the
// engine's arguments through, says what to do when dist/ is missing, and is what the real engine
// starts, from PATH with no download, for a program that uses a predibase resource. A stand-in
// checkout plays the plugin, so this holds whatever the real plugin does.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { beforeAll, describe, expect, it } from "vitest";
import { engineBinDir, offlinePulumiEnv, repoRoot } from "../../scripts/engine-env.mjs";
import { newWorkDir } from "../support/stacks.js";

/** A checkout whose plugin records how it was started, then stops as a plugin that fails would. */
function standInCheckout(dir: string, options: { ownNode: boolean }): { root: string; record: string } {
  const root = join(dir, "checkout");
  const record = join(dir, "started.json");
  mkdirSync(join(root, "dist", "provider", "plugin"), { recursive: true });
  writeFileSync(
    join(root, "dist", "provider", "plugin", "main.js"),
    `require("node:fs").writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), node: process.execPath }));
process.stderr.write("stand-in plugin: not a real provider\\n");
process.exit(3);
`,
  );
  if (options.ownNode) {
    // The checkout's own Node (node_modules/.bin/node) is preferred: a wrapper that marks itself.
    mkdirSync(join(root, "node_modules", ".bin"), { recursive: true });
    const node = join(root, "node_modules", ".bin", "node");
    writeFileSync(node, `#!/bin/sh\nexport STAND_IN_NODE=1\nexec ${JSON.stringify(process.execPath)} "$@"\n`);
    chmodSync(node, 0o755);
  }
  return { root, record };
}

function runLauncher(env: Record<string, string>, args: string[]) {
  return spawnSync("pulumi-resource-predibase", args, { env, encoding: "utf8" });
}

describe("the pulumi-resource-predibase launcher", () => {
  let binDir: string;
  beforeAll(() => {
    binDir = engineBinDir();
  });

  it("is on the PATH offlinePulumiEnv gives, in the engine's bin directory", () => {
    const env = offlinePulumiEnv(newWorkDir("launcher-path"));
    const found = execFileSync("sh", ["-c", "command -v pulumi-resource-predibase"], {
      env,
      encoding: "utf8",
    }).trim();
    expect(found).toBe(join(binDir, "pulumi-resource-predibase"));
    expect(env.PULUMI_PREDIBASE_ROOT).toBe(repoRoot);
  });

  it("runs the checkout's dist/provider/plugin/main.js with all its arguments", () => {
    const dir = newWorkDir("launcher-args");
    const { root, record } = standInCheckout(dir, { ownNode: false });
    const run = runLauncher(offlinePulumiEnv(dir, { PULUMI_PREDIBASE_ROOT: root }), [
      "127.0.0.1:4321",
      "--tracing",
      "a b",
    ]);
    expect(run.status).toBe(3);
    expect(JSON.parse(readFileSync(record, "utf8")).args).toEqual(["127.0.0.1:4321", "--tracing", "a b"]);
  });

  it("prefers the checkout's node_modules/.bin/node", () => {
    const dir = newWorkDir("launcher-node");
    const { root, record } = standInCheckout(dir, { ownNode: true });
    const env = offlinePulumiEnv(dir, { PULUMI_PREDIBASE_ROOT: root });
    const probe = join(dir, "env.json");
    // The wrapper's mark reaches main.js only when the launcher ran it.
    writeFileSync(
      join(root, "dist", "provider", "plugin", "main.js"),
      `require("node:fs").writeFileSync(${JSON.stringify(probe)}, JSON.stringify({ mark: process.env.STAND_IN_NODE ?? null }));\n`,
    );
    const run = runLauncher(env, []);
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(probe, "utf8")).mark).toBe("1");
    expect(existsSync(record)).toBe(false);
  });

  it("says to build when dist/ is missing", () => {
    const dir = newWorkDir("launcher-nodist");
    const root = join(dir, "empty-checkout");
    mkdirSync(root);
    const run = runLauncher(offlinePulumiEnv(dir, { PULUMI_PREDIBASE_ROOT: root }), ["127.0.0.1:1"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(join(root, "dist", "provider", "plugin", "main.js"));
    expect(run.stderr).toContain("run npm run build");
  });

  it("is what the engine starts for a predibase resource, from PATH, downloading nothing", async () => {
    const dir = newWorkDir("launcher-engine");
    const { root, record } = standInCheckout(dir, { ownNode: false });
    writeFileSync(
      join(dir, "Pulumi.yaml"),
      `name: launcher-check
runtime: yaml
resources:
  repo:
    type: predibase:index:AdapterRepo
    properties:
      name: launcher-check
`,
    );
    const env = offlinePulumiEnv(dir, { PULUMI_PREDIBASE_ROOT: root });
    const pulumiCommand = await PulumiCommand.get({ root: dirname(binDir) });
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "test", workDir: dir },
      { envVars: env, pulumiCommand },
    );
    // The stand-in exits instead of serving, so the update fails; what matters is who was started.
    await expect(stack.up()).rejects.toThrow(/predibase/);
    const started = JSON.parse(readFileSync(record, "utf8")) as { args: string[] };
    // The engine passes its own gRPC address first.
    expect(started.args[0]).toMatch(/^(127\.0\.0\.1|localhost|\[::1\]):\d+$/);
    const plugins = join(env.PULUMI_HOME as string, "plugins");
    expect(existsSync(plugins) ? readdirSync(plugins).filter((name) => !name.startsWith(".")) : []).toEqual(
      [],
    );
  });
});
