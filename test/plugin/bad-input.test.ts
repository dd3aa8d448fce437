// Bad input to the native plugin (issue 14, "Bad input"): a wrong type and an unknown field fail
// the preview naming the resource and the property; a missing token fails naming both places to
// set it, `predibase:apiToken` and `PREDIBASE_API_TOKEN`. None of them sends a create.
// Two front ends check types and fields: the YAML language host, against the schema the plugin
// serves, before the plugin sees anything; and the plugin's own Check, which every other program
// reaches (here a Node program registering the raw token, as a generated SDK's class does).
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator } from "../support/platform.js";
import { inlineStack, type TestStack } from "../support/stacks.js";
import { predibaseConfig, type YamlStack, yamlStack } from "../support/yaml-stacks.js";

// The token must come from the stack config alone, so that "missing" really is missing.
for (const key of Object.keys(process.env)) if (key.startsWith("PREDIBASE_")) delete process.env[key];

function program(properties: string): string {
  return `name: bad-input
runtime: yaml
resources:
  bad-llm:
    type: predibase:index:Deployment
    properties:
      name: bad-llm
      baseModel: llama-3-2-1b-instruct
${properties}`;
}

/** The preview's failure, as one text (message, stdout and stderr). */
async function previewFailure(t: TestStack): Promise<string> {
  const error = await t.stack.preview().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error, "the preview should have failed").toBeInstanceOf(Error);
  return String((error as Error).message);
}

describe("bad input from YAML", () => {
  let emu: RunningEmulator;
  let t: YamlStack;

  beforeAll(async () => {
    emu = await emulator({ clock: "immediate" });
    t = await yamlStack({ prefix: "plugin-bad-input", program: program(""), emulator: emu });
  });
  afterAll(async () => {
    // Nothing reached the platform in any case.
    expect(emu.control.requests().filter((r) => r.method === "POST")).toEqual([]);
    await t?.dispose();
    await emu?.close();
  });

  // The YAML host names the resource by its type and its line in Pulumi.yaml.
  it("a wrong type names the resource and the property", async () => {
    t.writeProgram(program("      maxReplicas: two\n"));
    const text = await previewFailure(t);
    expect(text).toMatch(/predibase:index:Deployment/);
    expect(text).toMatch(/on Pulumi\.yaml line 9/);
    expect(text).toMatch(/maxReplicas: Cannot assign type 'string' to type 'integer'/);
  });

  it("an unknown field names the resource and the property", async () => {
    t.writeProgram(program("      maxReplica: 2\n"));
    const text = await previewFailure(t);
    expect(text).toMatch(/Property maxReplica does not exist on 'predibase:index:Deployment'/);
    expect(text).toMatch(/on Pulumi\.yaml line 9/);
  });

  it("a missing token names predibase:apiToken and PREDIBASE_API_TOKEN", async () => {
    t.writeProgram(program("      maxReplicas: 2\n"));
    await t.stack.removeConfig("predibase:apiToken");
    const text = await previewFailure(t);
    expect(text).toMatch(/predibase:apiToken/);
    expect(text).toMatch(/PREDIBASE_API_TOKEN/);
    // With the token back, the same program previews cleanly: the token was the only fault.
    await t.stack.setAllConfig(predibaseConfig(emu));
    await t.stack.preview();
  });
});

/** What a generated SDK's class does: register the token with the inputs as given. */
class RawDeployment extends pulumi.CustomResource {
  constructor(name: string, inputs: Record<string, unknown>) {
    super("predibase:index:Deployment", name, inputs);
  }
}

describe("bad input the plugin's Check rejects (a program without the schema's types)", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  let inputs: Record<string, unknown> = {};

  beforeAll(async () => {
    emu = await emulator({ clock: "immediate" });
    t = await inlineStack("plugin-bad-check", async () => {
      new RawDeployment("bad-llm", { name: "bad-llm", baseModel: "llama-3-2-1b-instruct", ...inputs });
    });
    await t.stack.setAllConfig(predibaseConfig(emu));
  });
  afterAll(async () => {
    expect(emu.control.requests().filter((r) => r.method === "POST")).toEqual([]);
    await t?.dispose();
    await emu?.close();
  });

  // The engine's check failure: `<type> resource '<name>': property <p> value … has a problem: …`.
  it("a wrong type names the resource and the property", async () => {
    inputs = { maxReplicas: "two" };
    const text = await previewFailure(t);
    expect(text).toMatch(
      /predibase:index:Deployment resource 'bad-llm': property maxReplicas value .* has a problem/,
    );
  });

  it("an unknown field names the resource and the property", async () => {
    inputs = { maxReplica: 2 };
    const text = await previewFailure(t);
    expect(text).toMatch(
      /predibase:index:Deployment resource 'bad-llm': property maxReplica value .* has a problem/,
    );
  });
});
