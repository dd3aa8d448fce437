// What the plugin loads when it sends nothing. The engine starts pulumi-resource-predibase afresh for
// every preview and every `up`; one whose inputs were all checked before makes no request, and then
// needs neither the SDK's client (zod, every wire schema) nor undici: they load with the first
// client (runtime/settings.ts) and the first request (sdk/core/transport.ts). A preload given to
// the plugin through NODE_OPTIONS writes the modules it loaded when the engine stops it.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, lastSeq } from "../support/platform.js";
import { newWorkDir } from "../support/stacks.js";
import { type YamlStack, yamlStack } from "../support/yaml-stacks.js";

const PROGRAM = `name: lazy-modules
runtime: yaml
resources:
  llm:
    type: predibase:index:Deployment
    properties:
      baseModel: llama-3-2-1b-instruct
      maxReplicas: 1
`;

/** Written for each Node process the engine starts: its loaded modules, when it is stopped or exits. */
const PRELOAD = `const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
let written = false;
const write = () => {
  if (written) return;
  written = true;
  const modules = Object.keys(require.cache);
  writeFileSync(join(process.env.MODULES_DIR, process.pid + ".json"), JSON.stringify({ argv: process.argv, modules }));
};
process.on("exit", write);
for (const s of ["SIGINT", "SIGTERM"]) process.on(s, () => { write(); process.exit(0); });
`;

const HEAVY = /node_modules\/(zod|undici)\/|dist\/sdk\/(client|wire\/deployments|schemas\/deployments)\.js$/;

describe("the plugin's modules when it sends no request", () => {
  let emu: RunningEmulator;
  let t: YamlStack;
  let dir: string;
  let preload: string;

  /** The modules of each plugin process since the last call, keyed by nothing: one list per process. */
  const pluginModules = (): string[][] => {
    const runs = readdirSync(dir).map(
      (f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as { argv: string[]; modules: string[] },
    );
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    return runs.filter((r) => r.argv.some((a) => a.endsWith("plugin/main.js"))).map((r) => r.modules);
  };

  beforeAll(async () => {
    emu = await emulator({ timeScale: 2_000 });
    const work = newWorkDir("lazy-modules-preload");
    dir = join(work, "modules");
    mkdirSync(dir);
    preload = join(work, "preload.cjs");
    writeFileSync(preload, PRELOAD);
    t = await yamlStack({
      prefix: "lazy-modules",
      program: PROGRAM,
      emulator: emu,
      env: { NODE_OPTIONS: `--require ${preload}`, MODULES_DIR: dir },
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("loads the client and undici for an up that creates (the preload sees them)", async () => {
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    const runs = pluginModules();
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.some((modules) => modules.filter((m) => HEAVY.test(m)).length >= 4)).toBe(true);
  });

  it("loads neither for a preview and an up that change nothing", async () => {
    const since = await lastSeq(emu);
    const preview = await t.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 2 });
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 2 });
    expect(await emu.control.requests(since)).toEqual([]);
    const runs = pluginModules();
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const modules of runs) {
      expect(modules.length).toBeGreaterThan(50); // the preload ran in a real plugin process
      expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
    }
  });
});
