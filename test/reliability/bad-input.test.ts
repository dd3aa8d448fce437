// Bad input: invalid programs and invalid configurations, complementing
// test/e2e/preview-validation.test.ts (which holds 33 other programs). Each fails `pulumi preview`
// with a message naming the resource, the field (an input, or the stack config key) and the fix,
// and not one create call reaches the platform. Then the data plane through the SDK: an unknown
// adapter version is a clear 424, not retried.
import * as predibase from "pulumi-predibase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { APIError, Predibase } from "../../sdk/index.js";
import { emulator, predibaseStack } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";
import { isClean, leaks, NO_FAULTS, rowsOf } from "./harness.js";

const table = rowsOf(__filename);
const M = "llama-3-2-1b-instruct";

// The token must come from the stack config alone here, so "missing token" really is missing.
for (const key of [
  "PREDIBASE_API_TOKEN",
  "PREDIBASE_API_URL",
  "PREDIBASE_SERVING_URL",
  "PREDIBASE_TENANT_ID",
]) {
  delete process.env[key];
}

interface Case {
  name: string;
  program: () => void;
  /** The resource kind and the field the message names ("" for the resource as a whole). */
  resource: string;
  field: string;
  /** The reason, which must say how to fix it. */
  reason: RegExp;
  /** Stack config for this case: a value, or null to remove the key. */
  config?: (emu: RunningEmulator) => Record<string, string | null>;
}

// Loosely typed on purpose: what TypeScript would reject, written in JavaScript or from YAML.
const dep = (args: Record<string, unknown>) =>
  new predibase.Deployment("bad", { name: "bad-llm", baseModel: M, ...args } as predibase.DeploymentArgs);
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
const repo = (args: Record<string, unknown>) =>
  new predibase.AdapterRepo("bad", args as predibase.AdapterRepoArgs);
const dataset = (args: Record<string, unknown>) =>
  new predibase.Dataset("bad", args as predibase.DatasetArgs);

const NAME_FIX = /is not a valid Predibase name: use 1-63 lowercase letters, digits and hyphens/;

const CASES: Case[] = [
  // Deployment
  {
    name: "baseModel a number",
    program: () => dep({ baseModel: 8 }),
    resource: "Deployment",
    field: "baseModel",
    reason: /baseModel is required: name a base model from getModels\(\)/,
  },
  {
    name: "baseModel left out",
    program: () => dep({ baseModel: undefined }),
    resource: "Deployment",
    field: "baseModel",
    reason: /baseModel is required/,
  },
  {
    name: "Hugging Face id instead of the model name",
    program: () => dep({ baseModel: "meta-llama/Llama-3.2-1B-Instruct" }),
    resource: "Deployment",
    field: "baseModel",
    reason: /unknown base model "meta-llama\/Llama-3.2-1B-Instruct": use one of llama-3-2-1b-instruct/,
  },
  {
    name: "maxReplicas above 100",
    program: () => dep({ maxReplicas: 101 }),
    resource: "Deployment",
    field: "maxReplicas",
    reason: /maxReplicas must be a whole number from 1 to 100; got 101/,
  },
  {
    name: "minReplicas as text",
    program: () => dep({ minReplicas: "1" }),
    resource: "Deployment",
    field: "minReplicas",
    reason: /minReplicas must be a whole number from 0 to 100; got "1"/,
  },
  {
    name: "accelerator a number",
    program: () => dep({ accelerator: 80 }),
    resource: "Deployment",
    field: "accelerator",
    reason: /accelerator must be a string/,
  },
  {
    name: "accelerator too small for a 9B model",
    program: () => dep({ baseModel: "gemma-2-9b-instruct", accelerator: "a10_24gb_100" }),
    resource: "Deployment",
    field: "accelerator",
    reason: /has 24 GB of GPU memory but gemma-2-9b-instruct needs 48 GB: use l40s_48gb_100/,
  },
  {
    name: "zero delete timeout",
    program: () => dep({ timeouts: { delete: "0s" } }),
    resource: "Deployment",
    field: "timeouts.delete",
    reason: /"0s" is not a positive duration: write it like "90m"/,
  },
  {
    name: "timeouts as a text",
    program: () => dep({ timeouts: "90m" }),
    resource: "Deployment",
    field: "timeouts",
    reason: /timeouts must be an object such as \{ create: "90m"/,
  },
  {
    name: "timeout without a unit",
    program: () => dep({ timeouts: { create: "90" } }),
    resource: "Deployment",
    field: "timeouts.create",
    reason: /"90" is not a positive duration: write it like "90m"/,
  },
  {
    name: "deleteOnFailure not a boolean",
    program: () => dep({ deleteOnFailure: "yes" }),
    resource: "Deployment",
    field: "deleteOnFailure",
    reason: /deleteOnFailure must be true or false/,
  },
  {
    name: "name starting with a hyphen",
    program: () => dep({ name: "-llm" }),
    resource: "Deployment",
    field: "name",
    reason: NAME_FIX,
  },
  {
    name: "name with a dot",
    program: () => dep({ name: "llm.v2" }),
    resource: "Deployment",
    field: "name",
    reason: NAME_FIX,
  },
  {
    name: "name with an accent",
    program: () => dep({ name: "modèle" }),
    resource: "Deployment",
    field: "name",
    reason: NAME_FIX,
  },
  // FineTuningJob
  {
    name: "repo name the platform rejects",
    program: () => job({ repo: "My Repo" }),
    resource: "FineTuningJob",
    field: "repo",
    reason: NAME_FIX,
  },
  {
    name: "empty dataset",
    program: () => job({ dataset: "" }),
    resource: "FineTuningJob",
    field: "dataset",
    reason: /dataset is required: name the Dataset to train on/,
  },
  {
    name: "unknown model to fine-tune",
    program: () => job({ baseModel: "llama-9-70b" }),
    resource: "FineTuningJob",
    field: "baseModel",
    reason: /unknown base model "llama-9-70b": use one of/,
  },
  {
    name: "waitForCompletion not a boolean",
    program: () => job({ waitForCompletion: "no" }),
    resource: "FineTuningJob",
    field: "waitForCompletion",
    reason: /waitForCompletion must be true or false/,
  },
  {
    name: "training timeout over 7 days",
    program: () => job({ timeouts: { create: "8d" } }),
    resource: "FineTuningJob",
    field: "timeouts.create",
    reason: /"8d" is longer than 7 days: use a shorter timeout/,
  },
  {
    name: "adapterType in capitals",
    program: () => job({ adapterType: "LORA" }),
    resource: "FineTuningJob",
    field: "adapterType",
    reason: /adapterType must be one of "lora", "turbo_lora"(, "turbo")?; got "LORA"/,
  },
  {
    name: "description a number",
    program: () => job({ description: 7 }),
    resource: "FineTuningJob",
    field: "description",
    reason: /description must be a string/,
  },
  {
    name: "empty task",
    program: () => job({ task: "" }),
    resource: "FineTuningJob",
    field: "task",
    reason: /task must be one of "sft", ("continued_pretraining", )?"grpo"; got ""/,
  },
  {
    name: "GRPO on a 70B model that only takes SFT",
    program: () => job({ baseModel: "llama-3-3-70b-instruct", task: "grpo" }),
    resource: "FineTuningJob",
    field: "task",
    reason: /llama-3-3-70b-instruct does not support task "grpo": use one of sft/,
  },
  // BatchInferenceJob
  {
    name: "batch job without a dataset",
    program: () => batch({ dataset: undefined }),
    resource: "BatchInferenceJob",
    field: "dataset",
    reason: /dataset is required: name the Dataset holding the requests/,
  },
  {
    name: "batch output a number",
    program: () => batch({ output: 123 }),
    resource: "BatchInferenceJob",
    field: "output",
    reason: /output must be a string/,
  },
  {
    name: "batch waitForCompletion a number",
    program: () => batch({ waitForCompletion: 1 }),
    resource: "BatchInferenceJob",
    field: "waitForCompletion",
    reason: /waitForCompletion must be true or false/,
  },
  {
    name: "batch negative timeout",
    program: () => batch({ timeouts: { create: "-1h" } }),
    resource: "BatchInferenceJob",
    field: "timeouts.create",
    reason: /"-1h" is not a positive duration/,
  },
  {
    name: "batch dataset name the platform rejects",
    program: () => batch({ dataset: "Bad_Name" }),
    resource: "BatchInferenceJob",
    field: "dataset",
    reason: NAME_FIX,
  },
  {
    name: "batch job on a 70B model",
    program: () => batch({ baseModel: "llama-3-3-70b-instruct" }),
    resource: "BatchInferenceJob",
    field: "baseModel",
    reason: /has 70.6B parameters; batch inference takes base models of at most 16B/,
  },
  // AdapterRepo and Dataset
  {
    name: "repo name of 64 characters",
    program: () => repo({ name: "r".repeat(64) }),
    resource: "AdapterRepo",
    field: "name",
    reason: NAME_FIX,
  },
  {
    name: "repo description an object",
    program: () => repo({ description: { text: "x" } }),
    resource: "AdapterRepo",
    field: "description",
    reason: /description must be a string/,
  },
  {
    name: "repo adoptExisting a number",
    program: () => repo({ adoptExisting: 1 }),
    resource: "AdapterRepo",
    field: "adoptExisting",
    reason: /adoptExisting must be true or false/,
  },
  {
    name: "dataset source a number",
    program: () => dataset({ source: 42 }),
    resource: "Dataset",
    field: "source",
    reason: /source must be a string/,
  },
  {
    name: "dataset name in capitals",
    program: () => dataset({ name: "Tickets" }),
    resource: "Dataset",
    field: "name",
    reason: NAME_FIX,
  },
  {
    name: "dataset adoptExisting as text",
    program: () => dataset({ adoptExisting: "false" }),
    resource: "Dataset",
    field: "adoptExisting",
    reason: /adoptExisting must be true or false/,
  },
  // Configuration
  {
    name: "missing token (a repo alone)",
    program: () => repo({}),
    config: () => ({ "predibase:apiToken": null }),
    resource: "AdapterRepo",
    field: "",
    reason:
      /no Predibase API token: set it with `pulumi config set --secret predibase:apiToken <token>` or the PREDIBASE_API_TOKEN environment variable/,
  },
  {
    name: "missing token (a deployment)",
    program: () => dep({}),
    config: () => ({ "predibase:apiToken": null }),
    resource: "Deployment",
    field: "baseModel",
    reason: /no Predibase API token: set it with `pulumi config set --secret predibase:apiToken <token>`/,
  },
  {
    name: "empty token",
    program: () => dataset({}),
    config: () => ({ "predibase:apiToken": "" }),
    resource: "Dataset",
    field: "",
    reason: /no Predibase API token: set it with `pulumi config set --secret predibase:apiToken/,
  },
  {
    name: "apiUrl not a URL",
    program: () => repo({}),
    config: () => ({ "predibase:apiUrl": "not a url" }),
    resource: "AdapterRepo",
    field: "",
    reason:
      /Invalid apiUrl "not a url": expected an absolute http\(s\) URL.*Fix: set `pulumi config set predibase:apiUrl <value>` or PREDIBASE_API_URL/,
  },
  {
    name: "apiUrl with ftp://",
    program: () => dataset({}),
    config: () => ({ "predibase:apiUrl": "ftp://api.example.com/v2" }),
    resource: "Dataset",
    field: "",
    reason:
      /Invalid apiUrl "ftp:\/\/api.example.com\/v2": only http and https are supported.*predibase:apiUrl/,
  },
  {
    name: "apiUrl not a URL (a deployment)",
    program: () => dep({}),
    config: () => ({ "predibase:apiUrl": "api.predibase.com" }),
    resource: "Deployment",
    field: "baseModel",
    reason:
      /Invalid apiUrl "api.predibase.com": expected an absolute http\(s\) URL \(option `apiUrl` or PREDIBASE_API_URL\)/,
  },
  {
    name: "servingUrl not a URL",
    program: () => repo({}),
    config: () => ({ "predibase:servingUrl": "serving" }),
    resource: "AdapterRepo",
    field: "",
    reason: /Invalid servingUrl "serving".*predibase:servingUrl/,
  },
  {
    name: "apiUrl with a wrong path (404)",
    program: () => dep({}),
    config: (emu) => ({ "predibase:apiUrl": `${emu.apiUrl}/v9` }),
    resource: "Deployment",
    field: "baseModel",
    // The model list: /v2/models on the spec format, the legacy /v1/supported_llms on the platform's.
    reason:
      /could not read the platform's model list to check baseModel: .*404.*GET \/v2\/v9\/(models|v1\/supported_llms)/,
  },
  {
    name: "wrong token (401, not retried)",
    program: () => dep({}),
    config: () => ({ "predibase:apiToken": "pb_not_the_right_token_0000" }),
    resource: "Deployment",
    field: "baseModel",
    reason:
      /could not read the platform's model list to check baseModel: missing or invalid API token.*HTTP 401/,
  },
];

const ENGINE_MESSAGE =
  /predibase:(\w+) resource '(\w+)'(?:: property (\S+) value .*? has a problem| has a problem): (.*)/;

describe("invalid programs and configurations fail at preview, with zero create calls", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  let current: () => void = () => {};
  const texts: string[] = [];
  let failedAsExpected = 0;

  beforeAll(async () => {
    emu = await emulator();
    t = await predibaseStack("rel-bad-input", emu, async () => {
      current();
    });
  });
  afterAll(async () => {
    const writes = emu.control.requests().filter((r) => r.method !== "GET");
    table.add({
      scenario: `bad input: ${CASES.length} invalid programs and configurations at preview`,
      runs: CASES.length,
      converged: failedAsExpected === CASES.length && writes.length === 0,
      duplicates: 0, // nothing may be created at all: every write is counted as an orphan
      orphans: writes.length,
      requests: emu.control.requests().length,
      leaks: leaks(emu.apiToken, ...texts, t.stateText()),
      faults: NO_FAULTS,
    });
    await t?.dispose();
    await emu?.close();
  });

  it("has at least 30 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  // A retry, because on a loaded machine the previous failed preview's in-process program can
  // still be tearing down the runtime when the next one starts, and then registers nothing.
  it.each(CASES)("$name", { retry: 2 }, async (c) => {
    const config = c.config?.(emu) ?? {};
    for (const [key, value] of Object.entries(config)) {
      if (value === null) await t.stack.removeConfig(key);
      else await t.stack.setConfig(key, { value, secret: key === "predibase:apiToken" });
    }
    const before = emu.control.requests().length;
    current = c.program;
    try {
      const error = await t.stack.preview().then(
        () => undefined,
        (err: Error) => err,
      );
      expect(error, "preview should have failed").toBeDefined();
      const message = String(error?.message).replaceAll('\\"', '"');
      texts.push(message);
      const [, resource, logical, field, reason] = message.match(ENGINE_MESSAGE) ?? [];
      expect(resource, message).toBe(c.resource);
      expect(logical).toBe("bad");
      expect(field ?? "").toBe(c.field);
      expect(reason).toMatch(c.reason);
      const calls = emu.control.requests().slice(before);
      expect(calls.filter((r) => r.method !== "GET")).toEqual([]);
      // At most the one model list the checks read (per provider process), never retried on a 401.
      expect(calls.length).toBeLessThanOrEqual(1);
      failedAsExpected++;
    } finally {
      for (const key of Object.keys(config)) {
        const original: Record<string, string> = {
          "predibase:apiToken": emu.apiToken,
          "predibase:apiUrl": emu.apiUrl,
          "predibase:servingUrl": emu.servingUrl,
        };
        await t.stack.setConfig(key, { value: original[key] ?? "", secret: key === "predibase:apiToken" });
      }
    }
  });

  it("made no create, cancel or delete call for any of them", () => {
    expect(emu.control.requests().filter((r) => r.method !== "GET")).toEqual([]);
  });
});

describe("the data plane through the SDK: an unknown adapter version", () => {
  let emu: RunningEmulator;
  let client: Predibase;
  const answered: string[] = []; // the cases that got the clear error they expect
  const messages: string[] = [];

  beforeAll(async () => {
    emu = await emulator({ clock: "manual" });
    emu.control.seed({
      deployments: [{ name: "llm", base_model: M, status: "ready" }],
      repos: [{ name: "support", versions: [{ tag: 1, base_model: M }] }],
    } as never);
    client = new Predibase({
      apiToken: emu.apiToken,
      apiUrl: emu.apiUrl,
      servingUrl: emu.servingUrl,
      tenantId: emu.tenantId,
    });
  });
  afterAll(async () => {
    await client.close();
    const calls = emu.control.requests();
    table.add({
      scenario: "bad input: unknown adapter version in data-plane queries (SDK)",
      runs: 4,
      converged: answered.length === 4,
      duplicates: 0, // queries create nothing: any write is counted as an orphan
      orphans: calls.filter((r) => r.method !== "GET" && r.plane === "control").length,
      requests: calls.length,
      leaks: leaks(emu.apiToken, ...messages),
      faults: NO_FAULTS,
    });
    await emu.close();
  });

  it("generate with adapter support/9: a 424 naming the adapter, sent once", async () => {
    const before = emu.control.requests().length;
    const ok = await client
      .deployment("llm")
      .generate({ inputs: "hi", parameters: { adapter_id: "support/1" } });
    expect(ok.generated_text.length).toBeGreaterThan(0);
    const err = await client
      .deployment("llm")
      .generate({ inputs: "hi", parameters: { adapter_id: "support/9" } })
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBe(424);
    expect((err as APIError).message).toMatch(/Adapter support\/9 not found/);
    expect(emu.control.requests().length - before).toBe(2); // the good call and the bad one, no retry
    messages.push((err as Error).message);
    answered.push("generate");
  });

  it("chat completions with model support/9: the same 424", async () => {
    const err = await client
      .deployment("llm")
      .chat.completions.create({ model: "support/9", messages: [{ role: "user", content: "hi" }] })
      .catch((e: Error) => e);
    expect((err as APIError).status).toBe(424);
    expect((err as APIError).message).toMatch(/Adapter support\/9 not found/);
    messages.push((err as Error).message);
    answered.push("chat");
  });

  it("a stream asking for support/9: the error event is thrown as the same 424", async () => {
    const run = async () => {
      const stream = await client
        .deployment("llm")
        .generateStream({ inputs: "hi", parameters: { adapter_id: "support/9" } });
      for await (const _ of stream) {
        // consume
      }
    };
    const err = await run().catch((e: Error) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBe(424);
    expect((err as APIError).message).toMatch(/support\/9/);
    messages.push((err as Error).message);
    answered.push("stream");
  });

  it("the data plane with a wrong token and no tenant id: the tenant lookup's 401, no data-plane call", async () => {
    const noTenant = new Predibase({
      apiToken: "pb_not_the_right_token_0000",
      apiUrl: emu.apiUrl,
      servingUrl: emu.servingUrl,
    });
    const before = emu.control.requests().length;
    const err = await noTenant
      .deployment("llm")
      .generate({ inputs: "hi" })
      .catch((e: Error) => e);
    await noTenant.close();
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBe(401);
    const calls = emu.control.requests().slice(before) as Array<{ path: string }>;
    expect(calls.map((c) => c.path)).toEqual(["/v1/users/current"]); // asked once, not retried, no generate
    messages.push((err as Error).message);
    answered.push("no tenant");
  });
});

describe("bad input leaves the table clean", () => {
  afterAll(() => {
    const all = table.finish();
    if (all) expect(all.filter((r) => !isClean(r))).toEqual([]);
  });
  it("recorded its rows", () => {
    expect(table.rows.length).toBeGreaterThanOrEqual(0);
  });
});
