import { describe, expect, it } from "vitest";
import { api, start } from "./helpers.js";

describe("body validation", () => {
  it("answers 400 for malformed JSON and for a body that is not an object", async () => {
    const e = await start();
    const malformed = await api(e, "POST", "/repos", undefined, { raw: '{"name": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/malformed JSON/);
    expect(malformed.body.error_type).toBe("validation");
    expect((await api(e, "POST", "/repos", ["name"])).status).toBe(400);
  });

  it("answers 400 naming the field for a wrong JSON type", async () => {
    const e = await start();
    const res = await api(e, "POST", "/deployments", {
      name: "d",
      base_model: "qwen3-8b",
      min_replicas: "1",
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("min_replicas: expected a number, got string");
  });

  it("answers 422 naming a missing required field", async () => {
    const e = await start();
    const res = await api(e, "POST", "/deployments", { name: "d" });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: "base_model: is required", error_type: "validation" });
    expect((await api(e, "POST", "/finetuning/jobs", { base_model: "qwen3-8b" })).body.error).toBe(
      "dataset: is required",
    );
  });

  it.each(["My_Repo", "-lead", "trail-", "a".repeat(64), "", "UPPER"])(
    "rejects the name %j with 422",
    async (name) => {
      const e = await start();
      const res = await api(e, "POST", "/repos", { name });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatch(/^name: /);
    },
  );

  it("accepts names at the edges of the rule", async () => {
    const e = await start();
    for (const name of ["a", "a1-b2", "x".repeat(63)])
      expect((await api(e, "POST", "/datasets", { name })).status).toBe(200);
  });

  it("treats null optional fields as unset", async () => {
    const e = await start();
    const res = await api(e, "POST", "/deployments", {
      name: "d",
      base_model: "qwen3-8b",
      accelerator: null,
      min_replicas: null,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accelerator: "a10_24gb", min_replicas: 0, max_replicas: 1 });
  });

  it("checks enums and ranges", async () => {
    const e = await start();
    await api(e, "POST", "/datasets", { name: "d" });
    const badEnum = await api(e, "POST", "/finetuning/jobs", {
      base_model: "qwen3-8b",
      dataset: "d",
      adapter_type: "qlora",
    });
    expect(badEnum.status).toBe(422);
    expect(badEnum.body.error).toBe('adapter_type: must be one of lora, turbo_lora; got "qlora"');
    const negative = await api(e, "POST", "/deployments", {
      name: "x",
      base_model: "qwen3-8b",
      min_replicas: -1,
    });
    expect(negative.body.error).toBe("min_replicas: must be >= 0; got -1");
    const inverted = await api(e, "POST", "/deployments", {
      name: "x",
      base_model: "qwen3-8b",
      min_replicas: 3,
      max_replicas: 2,
    });
    expect(inverted.status).toBe(422);
    expect(inverted.body.error).toMatch(/^max_replicas: must be >= min_replicas/);
  });
});

describe("referential checks", () => {
  it("rejects deployments of unknown, unservable or badly placed models", async () => {
    const e = await start();
    const post = (body: object) => api(e, "POST", "/deployments", { name: "dep", ...body });
    const unknown = await post({ base_model: "gpt-5" });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatch(/^base_model: unknown base model "gpt-5"/);
    expect((await post({ base_model: "llama-3-1-405b-instruct" })).body.error).toMatch(
      /^base_model: .* cannot be served/,
    );
    const badAcc = await post({ base_model: "qwen3-8b", accelerator: "tpu_v5" });
    expect(badAcc.status).toBe(422);
    expect(badAcc.body.error).toMatch(/^accelerator: unknown accelerator "tpu_v5"/);
    const small = await post({ base_model: "llama-3-3-70b-instruct", accelerator: "a10_24gb" });
    expect(small.status).toBe(422);
    expect(small.body.error).toBe(
      "accelerator a10_24gb is too small for llama-3-3-70b-instruct: needs 160 GB, has 24 GB",
    );
    const big = await post({ base_model: "llama-3-3-70b-instruct" });
    expect(big.status).toBe(200);
    expect(big.body.accelerator).toBe("a100_80gb_200");
  });

  it("rejects fine-tuning that the model, dataset or repo cannot support", async () => {
    const e = await start();
    await api(e, "POST", "/datasets", { name: "train" });
    await api(e, "POST", "/repos", { name: "adapters" });
    const post = (body: object) => api(e, "POST", "/finetuning/jobs", { dataset: "train", ...body });
    const cases: [object, RegExp][] = [
      [{ base_model: "bge-large-en-v1-5" }, /^base_model: bge-large-en-v1-5 does not support fine-tuning/],
      [
        { base_model: "phi-3-5-mini-instruct", task: "grpo" },
        /^task: phi-3-5-mini-instruct does not support task "grpo"/,
      ],
      [{ base_model: "llama-3-3-70b-instruct", adapter_type: "turbo_lora" }, /^adapter_type: /],
      [{ base_model: "qwen3-8b", dataset: "nope" }, /^dataset: dataset "nope" not found/],
      [{ base_model: "qwen3-8b", repo: "ghost" }, /^repo: repo "ghost" not found/],
      [{ base_model: "unknown-model" }, /^base_model: unknown base model/],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error).toMatch(message);
      expect(res.body.error_type).toBe("unprocessable");
    }
    expect(
      (await post({ base_model: "qwen3-8b", repo: "adapters", task: "grpo", adapter_type: "turbo_lora" }))
        .status,
    ).toBe(200);
  });

  it("limits batch inference to models of at most 16B parameters", async () => {
    const e = await start();
    await api(e, "POST", "/datasets", { name: "rows" });
    const big = await api(e, "POST", "/batch-inference/jobs", {
      base_model: "qwen2-5-32b-instruct",
      dataset: "rows",
    });
    expect(big.status).toBe(422);
    expect(big.body.error).toMatch(/at most 16B parameters; qwen2-5-32b-instruct has 32.8B/);
    const noData = await api(e, "POST", "/batch-inference/jobs", {
      base_model: "qwen3-8b",
      dataset: "missing",
    });
    expect(noData.body.error).toBe('dataset: dataset "missing" not found');
  });
});

describe("conflicts and missing objects", () => {
  it("answers 409 for duplicate names and honours existsOk on repos", async () => {
    const e = await start();
    expect((await api(e, "POST", "/repos", { name: "r" })).status).toBe(200);
    const dup = await api(e, "POST", "/repos", { name: "r" });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ error: "repo r already exists", error_type: "conflict" });
    expect((await api(e, "POST", "/repos", { name: "r", existsOk: true })).status).toBe(200);
    await api(e, "POST", "/datasets", { name: "d" });
    expect((await api(e, "POST", "/datasets", { name: "d" })).status).toBe(409);
    await api(e, "POST", "/deployments", { name: "dep", base_model: "qwen3-8b" });
    expect((await api(e, "POST", "/deployments", { name: "dep", base_model: "qwen3-8b" })).status).toBe(409);
  });

  it("answers 404 naming what was not found", async () => {
    const e = await start();
    const cases: [string, string][] = [
      ["/repos/nope", "repo nope not found"],
      ["/datasets/nope", "dataset nope not found"],
      ["/deployments/nope", "deployment nope not found"],
      ["/finetuning/jobs/nope", "finetuning job nope not found"],
      ["/batch-inference/jobs/nope", "batch inference job nope not found"],
    ];
    for (const [path, error] of cases) {
      const res = await api(e, "GET", path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error, error_type: "not_found" });
    }
    expect((await api(e, "DELETE", "/deployments/nope")).status).toBe(404);
    expect((await api(e, "POST", "/finetuning/jobs/nope/cancel")).status).toBe(404);
  });

  it("validates ?limit= on lists", async () => {
    const e = await start();
    for (const name of ["a", "b", "c"]) await api(e, "POST", "/repos", { name });
    expect(
      (await api(e, "GET", "/repos?limit=2")).body.data.repos.map((r: { name: string }) => r.name),
    ).toEqual(["a", "b"]);
    expect((await api(e, "GET", "/repos?limit=zero")).status).toBe(422);
  });
});
