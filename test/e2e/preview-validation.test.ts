// Bad input fails `pulumi preview` with a message naming the resource, the field and the fix, and
// nothing is created on the platform. One stack; each case swaps in a different program.
import * as pulumi from "@pulumi/pulumi";
import * as predibase from "pulumi-predibase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, predibaseStack } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";

const M = "llama-3-1-8b-instruct";
type Case = [name: string, build: () => void, property: string, reason: RegExp];

// Arguments are loosely typed on purpose: these programs are what TypeScript would reject, written
// in JavaScript or built from YAML.
const dep = (args: Record<string, unknown>) =>
  new predibase.Deployment("bad", {
    name: "bad-llm",
    baseModel: M,
    ...args,
  } as unknown as predibase.DeploymentArgs);
const job = (args: Record<string, unknown>) =>
  new predibase.FineTuningJob("bad", {
    baseModel: M,
    dataset: "data",
    repo: "repo",
    ...args,
  } as predibase.FineTuningJobArgs);
const batch = (args: Record<string, unknown>) =>
  new predibase.BatchInferenceJob("bad", {
    baseModel: M,
    dataset: "data",
    ...args,
  } as predibase.BatchInferenceJobArgs);

const INVALID_PROGRAMS: Case[] = [
  [
    "unknown base model",
    () => dep({ baseModel: "gpt-5" }),
    "baseModel",
    /unknown base model "gpt-5": use one of/,
  ],
  ["empty base model", () => dep({ baseModel: "" }), "baseModel", /baseModel is required/],
  [
    "accelerator too small",
    () => dep({ baseModel: "llama-3-3-70b-instruct", accelerator: "a10_24gb_100" }),
    "accelerator",
    /.*24 GB.*needs 160 GB: use a100_80gb_200/,
  ],
  [
    "unknown accelerator",
    () => dep({ accelerator: "tpu_v5" }),
    "accelerator",
    /unknown accelerator "tpu_v5": use one of/,
  ],
  [
    "model that cannot be served",
    () => dep({ baseModel: "llama-3-1-405b-instruct" }),
    "baseModel",
    /.*cannot be served/,
  ],
  [
    "minReplicas above maxReplicas",
    () => dep({ minReplicas: 3, maxReplicas: 1 }),
    "minReplicas",
    /minReplicas \(3\) is above maxReplicas \(1\)/,
  ],
  [
    "minReplicas above the default maxReplicas",
    () => dep({ minReplicas: 2 }),
    "minReplicas",
    /minReplicas \(2\) is above maxReplicas \(1\)/,
  ],
  [
    "negative minReplicas",
    () => dep({ minReplicas: -1 }),
    "minReplicas",
    /minReplicas must be a whole number from 0 to 100; got -1/,
  ],
  [
    "zero maxReplicas",
    () => dep({ maxReplicas: 0 }),
    "maxReplicas",
    /maxReplicas must be a whole number from 1 to 100/,
  ],
  ["fractional replicas", () => dep({ maxReplicas: 1.5 }), "maxReplicas", /.*whole number/],
  ["uppercase name", () => dep({ name: "My_LLM" }), "name", /"My_LLM" is not a valid Predibase name/],
  ["empty name", () => dep({ name: "" }), "name", /"" is not a valid Predibase name/],
  [
    "name too long",
    () => dep({ name: "x".repeat(70) }),
    "name",
    /"x{70}" is not a valid Predibase name: use 1-63/,
  ],
  ["name ending in a hyphen", () => dep({ name: "llm-" }), "name", /"llm-" is not a valid Predibase name/],
  [
    "negative timeout",
    () => dep({ timeouts: { create: "-5m" } }),
    "timeouts.create",
    /"-5m" is not a positive duration/,
  ],
  [
    "timeout that is not a duration",
    () => dep({ timeouts: { create: "forever" } }),
    "timeouts.create",
    /"forever" is not a positive duration: write it like "90m"/,
  ],
  [
    "absurd timeout",
    () => dep({ timeouts: { create: "30d" } }),
    "timeouts.create",
    /"30d" is longer than 7 days/,
  ],
  [
    "unknown timeout key",
    () => dep({ timeouts: { start: "5m" } }),
    "timeouts.start",
    /unknown timeout "start"/,
  ],
  [
    "waitForReady not a boolean",
    () => dep({ waitForReady: "yes" }),
    "waitForReady",
    /waitForReady must be true or false/,
  ],
  [
    "adoptExisting not a boolean",
    () => dep({ adoptExisting: "true" }),
    "adoptExisting",
    /adoptExisting must be true or false/,
  ],
  ["description not a string", () => dep({ description: 42 }), "description", /description must be a string/],
  [
    "unknown adapter type",
    () => job({ adapterType: "qlora" }),
    "adapterType",
    /adapterType must be one of "lora", "turbo_lora", "turbo"; got "qlora"/,
  ],
  [
    "unknown task",
    () => job({ task: "dpo" }),
    "task",
    /task must be one of "sft", "continued_pretraining", "grpo"; got "dpo"/,
  ],
  [
    "model that cannot be fine-tuned",
    () => job({ baseModel: "bge-large-en-v1-5" }),
    "baseModel",
    /bge-large-en-v1-5 cannot be fine-tuned/,
  ],
  [
    "task the model does not support",
    () => job({ baseModel: "phi-3-5-mini-instruct", task: "grpo" }),
    "task",
    /phi-3-5-mini-instruct does not support task "grpo": use one of sft/,
  ],
  [
    "adapter type the model does not support",
    () => job({ baseModel: "qwen2-5-32b-instruct", adapterType: "turbo_lora" }),
    "adapterType",
    /qwen2-5-32b-instruct does not support adapterType "turbo_lora"/,
  ],
  ["job without a repo", () => job({ repo: undefined }), "repo", /repo is required: name the AdapterRepo/],
  ["job without a dataset", () => job({ dataset: undefined }), "dataset", /dataset is required/],
  [
    "job with a dataset name the platform rejects",
    () => job({ dataset: "Data Set" }),
    "dataset",
    /"Data Set" is not a valid Predibase name/,
  ],
  [
    "batch job on a model over 16B",
    () => batch({ baseModel: "qwen2-5-32b-instruct" }),
    "baseModel",
    /qwen2-5-32b-instruct has 32.8B parameters; batch inference takes base models of at most 16B/,
  ],
  [
    "batch job on an unknown model",
    () => batch({ baseModel: "nope" }),
    "baseModel",
    /unknown base model "nope"/,
  ],
  [
    "repo name with spaces",
    () => new predibase.AdapterRepo("bad", { name: "my repo" }),
    "name",
    /"my repo" is not a valid Predibase name/,
  ],
  [
    "dataset name with an underscore",
    () => new predibase.Dataset("bad", { name: "train_set" }),
    "name",
    /"train_set" is not a valid Predibase name/,
  ],
];

describe("invalid programs fail at preview with zero platform writes", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  let current: () => void = () => {};

  beforeAll(async () => {
    emu = await emulator();
    t = await predibaseStack("e2e-validation", emu, async () => {
      current();
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it.each(INVALID_PROGRAMS)("%s", async (_name, build, property, reason) => {
    current = build;
    const error = await t.stack.preview().then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error, "preview should have failed").toBeDefined();
    // The engine quotes the reason inside its own sentence, escaping quotes.
    const message = String(error?.message).replaceAll('\\"', '"');
    const [, resource, failedProperty, problem] =
      message.match(/predibase:(\w+) resource 'bad': property (\S+) value .*? has a problem: (.*)/) ?? [];
    expect(resource, message).toMatch(/^(Deployment|FineTuningJob|BatchInferenceJob|AdapterRepo|Dataset)$/);
    expect(failedProperty).toBe(property);
    expect(problem).toMatch(reason);
  });

  it("made no create or delete call for any of them", async () => {
    const writes = (await emu.control.requests()).filter((r: { method: string }) => r.method !== "GET");
    expect(writes).toEqual([]);
  });

  it("values unknown at preview are not failed: they are checked at create", async () => {
    current = () => {
      const repo = new predibase.AdapterRepo("later", {});
      new predibase.FineTuningJob("later", { baseModel: M, dataset: pulumi.output("data"), repo: repo.name });
    };
    const preview = await t.stack.preview();
    expect(preview.changeSummary.create).toBe(3); // the stack, the repo and the job
  });
});
