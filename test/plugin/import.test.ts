// `pulumi import` of a deployment made outside Pulumi (issue 14): the CLI reads it through the
// plugin's Read from its id alone and writes the YAML for it; that code, put into the program,
// then runs `up` with no change. Refresh too needs nothing but the id.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import type { RunningEmulator } from "../../emulator/index.js";
import { Predibase } from "../../sdk/index.js";
import { emulator, lastSeq, writesSince } from "../support/platform.js";
import { stateOfType, type YamlStack, yamlStack } from "../support/yaml-stacks.js";

const EXISTING = "existing-llm";
const TYPE = "predibase:index:Deployment";

const PROGRAM = `name: import-deployment
runtime: yaml
`;

describe("pulumi import of a deployment made outside Pulumi", () => {
  let emu: RunningEmulator;
  let client: Predibase;
  let t: YamlStack;

  beforeAll(async () => {
    emu = await emulator({ clock: "immediate" });
    client = new Predibase({ apiToken: emu.apiToken, apiUrl: emu.apiUrl, wireFormat: emu.wire });
    // Made in the console or by another tool: Pulumi has never seen it.
    await client.deployments.create({
      name: EXISTING,
      base_model: "llama-3-2-1b-instruct",
      accelerator: "a10_24gb_100",
      max_replicas: 2,
      description: "made in the console",
    });
    t = await yamlStack({ prefix: "plugin-import", program: PROGRAM, emulator: emu });
  });
  afterAll(async () => {
    await client?.close();
    await t?.dispose();
    await emu?.close();
  });

  it("imports it by name and writes the program for it", async () => {
    const since = await lastSeq(emu);
    const out = join(t.dir, "imported.yaml");
    const run = await t.cli(["import", TYPE, "served", EXISTING, "--yes", "--out", out]);
    expect(run.code, run.out).toBe(0);
    expect(await writesSince(emu, since)).toEqual([]); // read, never written
    const [kept] = stateOfType(t, TYPE);
    expect(kept?.id).toBe(EXISTING);
    expect(kept?.outputs).toMatchObject({
      name: EXISTING,
      baseModel: "llama-3-2-1b-instruct",
      accelerator: "a10_24gb_100",
      maxReplicas: 2,
      description: "made in the console",
      status: "ready",
    });
    const code = readFileSync(out, "utf8");
    const generated = parse(code) as {
      resources: Record<string, { type: string; properties: Record<string, unknown> }>;
    };
    // YAML's short form of the token (`predibase:Deployment`) or the full one.
    expect(generated.resources.served?.type).toMatch(/^predibase:(index:)?Deployment$/);
    expect(generated.resources.served?.properties).toMatchObject({
      name: EXISTING,
      baseModel: "llama-3-2-1b-instruct",
      maxReplicas: 2,
    });
    // The program gets inputs only: no outputs, none of the plugin's bookkeeping inputs.
    const given = Object.keys(generated.resources.served?.properties ?? {});
    for (const notAnInput of ["status", "uuid", "openaiBaseUrl", "createdAt", "autoNameSeed", "autoNamed"]) {
      expect(given, code).not.toContain(notAnInput);
    }
    // Into the program, as the CLI's message tells the user to do.
    const program = parse(t.readProgram()) as Record<string, unknown>;
    t.writeProgram(stringify({ ...program, resources: generated.resources }));
  });

  it("then runs up with the generated program, changing nothing", async () => {
    const since = await lastSeq(emu);
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 2 }); // the stack and the deployment
    expect(await writesSince(emu, since)).toEqual([]);
  });

  it("refreshes from the id alone, reading what changed on the platform", async () => {
    await client.deployments.update(EXISTING, { description: "changed in the console" });
    // Keep nothing of the deployment but its id: refresh must read the rest from the platform.
    const state = await t.stack.exportStack();
    const resources = state.deployment.resources as Array<Record<string, unknown>>;
    const entry = resources.find((r) => r.type === TYPE);
    expect(entry?.id).toBe(EXISTING);
    if (entry) {
      entry.inputs = {};
      entry.outputs = {};
    }
    await t.stack.importStack(state);
    await t.stack.refresh();
    const [read] = stateOfType(t, TYPE);
    expect(read?.id).toBe(EXISTING);
    expect(read?.outputs).toMatchObject({
      name: EXISTING,
      baseModel: "llama-3-2-1b-instruct",
      maxReplicas: 2,
      description: "changed in the console",
      openaiBaseUrl: `${emu.servingUrl}/${emu.tenantId}/deployments/v2/llms/${EXISTING}/v1`,
    });
  });
});
