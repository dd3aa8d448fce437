// getModels and getModel from Pulumi YAML (`fn::invoke`), through the YAML language host and the
// native plugin's Invoke, against the emulator's catalogue: the answer feeds a Deployment's inputs,
// and a model that is not in the catalogue fails the preview, naming it and where to look.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, names } from "../support/platform.js";
import { type YamlStack, yamlStack } from "../support/yaml-stacks.js";

const program = (model: string) => `name: yaml-functions
runtime: yaml
variables:
  model:
    fn::invoke:
      function: predibase:index:getModel
      arguments:
        name: ${model}
  catalogue:
    fn::invoke:
      function: predibase:index:getModels
      return: models
resources:
  llm:
    type: predibase:index:Deployment
    properties:
      baseModel: \${model.name}
      accelerator: \${model.minAccelerator}
      waitForReady: false
outputs:
  firstModel: \${catalogue[0].name}
  accelerator: \${llm.accelerator}
  servable: \${model.servable}
`;

describe("getModels and getModel from a YAML program", () => {
  let emu: RunningEmulator;
  let t: YamlStack;

  beforeAll(async () => {
    emu = await emulator({ timeScale: 2_000 });
    t = await yamlStack({ prefix: "yaml-functions", program: program("qwen3-8b"), emulator: emu });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("answers from the catalogue, and the answer sizes the deployment", async () => {
    const catalogue = (await (
      await fetch(`${emu.apiUrl.replace(/\/v2$/, "")}/v1/supported_llms`, {
        headers: { authorization: `Bearer ${emu.apiToken}` },
      })
    ).json()) as Array<Record<string, unknown>>;
    const qwen = catalogue.find((m) => m.name === "qwen3-8b");
    expect(qwen).toBeDefined();

    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs.firstModel?.value).toBe(catalogue[0]?.name);
    expect(up.outputs.servable?.value).toBe(true);
    expect(typeof up.outputs.accelerator?.value).toBe("string");
    expect(up.outputs.accelerator?.value).not.toBe("");
    expect(names(emu, "deployments")).toHaveLength(1);
  });

  it("fails the preview for a model the catalogue does not have, naming it and the models there are", async () => {
    t.writeProgram(program("llama-9-unknown"));
    const preview = await t.cli(["preview"]);
    expect(preview.code).not.toBe(0);
    expect(preview.out).toMatch(/unknown Predibase base model "llama-9-unknown"/);
    // The fix: the models there are.
    expect(preview.out).toMatch(/known models are [^\n]*qwen3-8b/);
  });
});
