// The package as users get it: `npm pack`, then `npm install <tarball> @pulumi/pulumi` into a new
// project outside this repository, then a stack run from that project by the real engine against
// the emulator the package itself ships (`pulumi-predibase/emulator`).

import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator, startEmulator } from "../../emulator/index.js";
import { engineBinDir, offlinePulumiEnv, repoRoot } from "../../scripts/engine-env.mjs";
import { platformEnv } from "../support/platform.js";
import { newProjectWithTarball, type PackedProject, typecheckIn } from "./packed-project.js";

const run = promisify(execFile);

/** The @pulumi/pulumi this repository builds and tests with: the floor of the peer range. */
const PULUMI_VERSION: string = JSON.parse(
  readFileSync(join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"),
).version;

const PROGRAM = `"use strict";
const predibase = require("pulumi-predibase");
const repo = new predibase.AdapterRepo("adapters", { description: "installed from the tarball" });
const llm = new predibase.Deployment("llm", {
  baseModel: "qwen3-8b",
  accelerator: "a10_24gb_100",
  minReplicas: 0,
  maxReplicas: 1,
});
exports.repoName = repo.name;
exports.deploymentName = llm.name;
exports.deploymentStatus = llm.status;
`;

const TYPED_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as predibase from "pulumi-predibase";
import { Predibase } from "pulumi-predibase/sdk";
import { startEmulator } from "pulumi-predibase/emulator";

const repo = new predibase.AdapterRepo("adapters", { description: "typed" });
const llm = new predibase.Deployment("llm", { baseModel: "qwen3-8b", minReplicas: 0, maxReplicas: 1 });
export const name: pulumi.Output<string> = repo.name;
export const status: pulumi.Output<string> = llm.status;
export const clientType: typeof Predibase = Predibase;
export const start: typeof startEmulator = startEmulator;
`;

const YAML_PROGRAM = `name: packed-yaml
runtime: yaml
resources:
  repo:
    type: predibase:index:AdapterRepo
    properties:
      name: from-yaml
      description: created by the installed plugin
outputs:
  repo: \${repo.name}
`;

describe("the packed package installed into a new project", () => {
  let project: PackedProject;
  let emu: RunningEmulator;
  let stack: Stack;
  let env: Record<string, string>;

  beforeAll(async () => {
    project = await newProjectWithTarball(PULUMI_VERSION, PROGRAM);
    // The emulator as a user starts it: from the installed package, not from this repository.
    const fromApp = createRequire(join(project.dir, "package.json"));
    const installed = fromApp("pulumi-predibase/emulator") as { startEmulator: typeof startEmulator };
    emu = await installed.startEmulator({ timeScale: 5_000 });
    env = offlinePulumiEnv(join(project.root, "pulumi"), platformEnv(emu));
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "dev", workDir: project.dir },
      { envVars: env, pulumiCommand: await PulumiCommand.get({ root: join(engineBinDir(), "..") }) },
    );
  }, 300_000);

  afterAll(async () => {
    await stack?.destroy().catch(() => undefined);
    await emu?.close();
    if (project) rmSync(project.root, { recursive: true, force: true });
  });

  it("ships the compiled package and nothing else", () => {
    const files = project.tarball.files;
    const outside = files.filter(
      (f) =>
        !f.startsWith("dist/") &&
        !["package.json", "README.md", "LICENSE", "scripts/recover-pending-creates.mjs"].includes(f),
    );
    expect(outside).toEqual([]);
    expect(files.filter((f) => /\.map$|\.test\.|(^|\/)test\//.test(f))).toEqual([]);
    // Every compiled file comes from a source in today's tree (no leftovers of deleted sources).
    const orphans = files
      .filter((f) => f.startsWith("dist/"))
      .map((f) => f.replace(/^dist\//, "").replace(/\.(d\.ts|js)$/, ".ts"))
      .filter((src) => !existsSync(join(repoRoot, src)));
    expect(orphans).toEqual([]);
    for (const entry of [
      "dist/provider/index.js",
      "dist/sdk/index.d.ts",
      "dist/emulator/cli.js",
      "dist/provider/plugin/main.js",
    ]) {
      expect(files).toContain(entry);
    }
  });

  it("installs with no install script of its own and one shared @pulumi/pulumi", () => {
    const installed = join(project.dir, "node_modules", "pulumi-predibase");
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    const hooks = Object.keys(manifest.scripts ?? {}).filter((s) => /^(pre|post)?install$/.test(s));
    expect(hooks).toEqual([]);
    expect(manifest.peerDependencies?.["@pulumi/pulumi"]).toBeDefined();
    expect(manifest.dependencies?.["@pulumi/pulumi"]).toBeUndefined();
    // A nested copy would give the program and the dynamic-provider host two different SDKs.
    expect(existsSync(join(installed, "node_modules", "@pulumi", "pulumi"))).toBe(false);
    const fromApp = createRequire(join(project.dir, "package.json"));
    for (const entry of ["pulumi-predibase", "pulumi-predibase/sdk", "pulumi-predibase/emulator"]) {
      expect(fromApp.resolve(entry).startsWith(installed)).toBe(true);
    }
    for (const bin of ["predibase-emulator", "pulumi-predibase-recover", "pulumi-resource-predibase"]) {
      expect(existsSync(join(project.dir, "node_modules", ".bin", bin))).toBe(true);
    }
  });

  it("type-checks a TypeScript program against the installed typings", async () => {
    expect(await typecheckIn(project, "typed.ts", TYPED_PROGRAM)).toBe("");
  });

  it("runs `pulumi up` from the new project through the real engine", async () => {
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges?.create).toBe(3); // the stack, the repo, the deployment
    // minReplicas 0: ready, or already scaled to zero (standby) by the time the wait sees it.
    expect(["ready", "standby"]).toContain(up.outputs.deploymentStatus?.value);
    const deployments = emu.control.state().tenants[emu.tenantId]?.deployments ?? [];
    expect(deployments.map((d) => d.name)).toEqual([up.outputs.deploymentName?.value]);
  });

  it("a second `up` changes nothing", async () => {
    const again = await stack.up();
    expect(again.summary.result).toBe("succeeded");
    const changes = Object.entries(again.summary.resourceChanges ?? {}).filter(([op]) => op !== "same");
    expect(changes).toEqual([]);
  });

  it("its `pulumi-predibase-recover` runs from the project and finds nothing to recover", async () => {
    const { stdout } = await run(
      join(project.dir, "node_modules", ".bin", "pulumi-predibase-recover"),
      ["--stack", "dev"],
      { cwd: project.dir, env: { ...process.env, ...env } },
    );
    expect(stdout).toMatch(/nothing to recover/);
  });

  it("its plugin, `pulumi-resource-predibase` from node_modules/.bin, runs a Pulumi YAML program", async () => {
    // A YAML project beside the Node one; the engine finds the installed plugin first on PATH.
    const yamlDir = join(project.root, "yaml-app");
    mkdirSync(yamlDir, { recursive: true });
    writeFileSync(join(yamlDir, "Pulumi.yaml"), YAML_PROGRAM);
    const yamlEnv = {
      ...offlinePulumiEnv(join(project.root, "pulumi-yaml"), platformEnv(emu)),
    };
    yamlEnv.PATH = `${join(project.dir, "node_modules", ".bin")}:${yamlEnv.PATH}`;
    const yamlStack = await LocalWorkspace.createOrSelectStack(
      { stackName: "dev", workDir: yamlDir },
      { envVars: yamlEnv, pulumiCommand: await PulumiCommand.get({ root: join(engineBinDir(), "..") }) },
    );
    try {
      const up = await yamlStack.up();
      expect(up.summary.result).toBe("succeeded");
      expect(up.outputs.repo?.value).toMatch(/^from-yaml$/);
      const repos = (emu.control.state().tenants[emu.tenantId]?.repos ?? []) as Array<{ name: string }>;
      expect(repos.map((r) => r.name)).toContain("from-yaml");
      const state = JSON.stringify(await yamlStack.exportStack());
      expect(state).toContain("predibase:index:AdapterRepo");
      expect(state).not.toContain(emu.apiToken);
    } finally {
      await yamlStack.destroy().catch(() => undefined);
    }
  });

  it("destroys what it created", async () => {
    const destroy = await stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
    expect(emu.control.state().tenants[emu.tenantId]?.deployments ?? []).toEqual([]);
  });
});
