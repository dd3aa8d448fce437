// The Pulumi YAML quickstart (examples/yaml-quickstart) as a user runs it: the YAML language host
// and the native plugin `pulumi-resource-predibase`, stack config naming the emulator with the
// token as a secret. Two ups (the second changes nothing), then a destroy (issue 14, "Done when").
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { repoRoot } from "../../scripts/engine-env.mjs";
import { emulator, lastSeq, names, objects } from "../support/platform.js";
import { type YamlStack, yamlStack } from "../support/yaml-stacks.js";

const KINDS = ["AdapterRepo", "Dataset", "FineTuningJob", "Deployment"];

describe("the YAML quickstart through the native plugin", () => {
  let emu: RunningEmulator;
  let t: YamlStack;

  beforeAll(async () => {
    emu = await emulator({ timeScale: 2_000 });
    t = await yamlStack({
      prefix: "yaml-quickstart",
      program: { dir: join(repoRoot, "examples", "yaml-quickstart") },
      emulator: emu,
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("creates the repo, dataset, job and deployment, with the OpenAI URL as an output", async () => {
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 5 }); // the stack and the four
    const deployment = String(up.outputs.deploymentName?.value);
    expect(deployment).toMatch(/^support-llm-[0-9a-f]{7}$/);
    expect(up.outputs.openaiBaseUrl?.value).toBe(
      `${emu.servingUrl}/${emu.tenantId}/deployments/v2/llms/${deployment}/v1`,
    );
    expect(String(up.outputs.adapterVersion?.value)).toMatch(/^support-adapters-[0-9a-f]{7}\/1$/);
    expect(names(emu, "deployments")).toEqual([deployment]);
    expect(objects(emu, "finetuning_jobs").map((j) => j.status)).toEqual(["completed"]);
  });

  it("keeps the token out of the state, and records native resource types", async () => {
    const text = t.stateText();
    expect(text).not.toContain(emu.apiToken);
    // No dynamic-provider residue: no serialized provider code, no self URN input.
    expect(text).not.toContain("__provider");
    expect(text).not.toContain("selfUrn");
    // The auto-name's seed is derived from the URN on each call, never stored.
    expect(text).not.toContain("autoNameSeed");
    const types = t
      .stateResources()
      .map((r) => r.type)
      .filter((type) => type !== "pulumi:pulumi:Stack");
    expect(types.sort()).toEqual(
      ["pulumi:providers:predibase", ...KINDS.map((k) => `predibase:index:${k}`)].sort(),
    );
  });

  it("changes nothing on a second up", async () => {
    const since = await lastSeq(emu);
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 5 });
    // Nothing at all, not even a read: inputs checked before are not checked against the platform again.
    expect(await emu.control.requests(since)).toEqual([]);
  });

  it("destroys, leaving no deployment or repo on the platform", async () => {
    await t.stack.destroy();
    expect(names(emu, "deployments")).toEqual([]);
    expect(names(emu, "repos")).toEqual([]);
    // The API has no dataset delete: the dataset outlives the stack (adoptExisting takes it back).
    expect(names(emu, "datasets")).toHaveLength(1);
    expect(t.stateResources().filter((r) => r.type.startsWith("predibase:"))).toEqual([]);
  });
});
