import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { api, seedAdapter, seedReady, serving, start } from "./helpers.js";

const generate = (e: RunningEmulator, inputs: string, parameters: object = {}) =>
  serving(e, "llm", "POST", "/generate", { inputs, parameters });

async function ready(): Promise<RunningEmulator> {
  const e = await start();
  seedReady(e);
  seedAdapter(e);
  return e;
}

describe("native /generate", () => {
  it("is deterministic per prompt and differs across prompts", async () => {
    const e = await ready();
    const a = await generate(e, "What is LoRA?");
    const b = await generate(e, "What is LoRA?");
    const c = await generate(e, "Explain attention");
    expect(a.status).toBe(200);
    expect(Object.keys(a.body)).toEqual(["generated_text"]);
    expect(a.body.generated_text).toBe(b.body.generated_text);
    expect(a.body.generated_text).not.toBe(c.body.generated_text);
    expect(a.headers.get("x-model-id")).toBe("llama-3-1-8b-instruct");
    expect(a.headers.get("x-adapter-id")).toBeNull();
  });

  it("caps at max_new_tokens (finish length) and stops naturally with room (eos_token)", async () => {
    const e = await ready();
    const capped = await generate(e, "Tell me a story", { max_new_tokens: 3, details: true });
    expect(capped.body.details).toMatchObject({
      finish_reason: "length",
      generated_tokens: 3,
      prompt_tokens: 4,
      seed: null,
    });
    expect(capped.body.details.tokens).toHaveLength(3);
    expect(capped.body.details.tokens.map((t: { text: string }) => t.text).join("")).toBe(
      capped.body.generated_text,
    );
    const free = await generate(e, "Tell me a story", { max_new_tokens: 500, details: true });
    expect(free.body.details.finish_reason).toBe("eos_token");
    expect(free.body.generated_text.startsWith(capped.body.generated_text)).toBe(true);
    expect(free.body.generated_text.endsWith(".")).toBe(true);
    const byDefault = await generate(e, "Tell me a story", { details: true });
    expect(byDefault.body.details.generated_tokens).toBeLessThanOrEqual(20);
  });

  it("applies a trained pbase adapter, changing the text and setting the adapter headers", async () => {
    const e = await ready();
    const base = await generate(e, "Where is my refund?", { max_new_tokens: 10 });
    const tuned = await generate(e, "Where is my refund?", { max_new_tokens: 10, adapter_id: "support/1" });
    expect(tuned.status).toBe(200);
    expect(tuned.body.generated_text).not.toBe(base.body.generated_text);
    expect(tuned.headers.get("x-adapter-id")).toBe("support/1");
    expect(tuned.headers.get("x-adapter-source")).toBe("pbase");
    const latest = await generate(e, "Where is my refund?", { max_new_tokens: 10, adapter_id: "support" });
    expect(latest.body.generated_text).toBe(tuned.body.generated_text);
  });

  it("answers 424 for an unknown pbase adapter and accepts hub adapters as given", async () => {
    const e = await ready();
    const missing = await generate(e, "hi", { adapter_id: "support/9" });
    expect(missing.status).toBe(424);
    expect(missing.body).toEqual({
      error: "Request failed during generation: Adapter support/9 not found",
      error_type: "generation",
    });
    expect((await generate(e, "hi", { adapter_id: "ghost/1", adapter_source: "pbase" })).status).toBe(424);
    const hub = await generate(e, "hi", { adapter_id: "someone/lora-on-hub", adapter_source: "hub" });
    expect(hub.status).toBe(200);
    expect(hub.headers.get("x-adapter-source")).toBe("hub");
  });

  it("refuses an adapter trained on another base model", async () => {
    const e = await ready();
    seedAdapter(e, "other", "qwen3-8b");
    const res = await generate(e, "hi", { adapter_id: "other/1" });
    expect(res.status).toBe(424);
    expect(res.body.error).toMatch(/trained on qwen3-8b, but deployment llm serves llama-3-1-8b-instruct/);
  });

  it("validates inputs the way LoRAX does (422 validation)", async () => {
    const e = await ready();
    const cases: [object, RegExp][] = [
      [{ inputs: "" }, /^Input validation error: inputs: must not be empty/],
      [{}, /^Input validation error: inputs: is required/],
      [{ inputs: "x", parameters: { max_new_tokens: 0 } }, /max_new_tokens: must be > 0/],
      [{ inputs: "x", parameters: { temperature: -1 } }, /temperature: must be >= 0/],
      [{ inputs: "x", parameters: { adapter_source: "ftp" } }, /adapter_source: must be one of/],
      [{ inputs: "x", parameters: { max_new_tokens: 200_000 } }, /must be <= 131072/],
    ];
    for (const [body, message] of cases) {
      const res = await serving(e, "llm", "POST", "/generate", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error_type).toBe("validation");
      expect(res.body.error).toMatch(message);
    }
  });

  it("answers the LoRAX compat route with a JSON array", async () => {
    const e = await ready();
    const single = await generate(e, "compat", { max_new_tokens: 4, details: true });
    const compat = await serving(e, "llm", "POST", "/", {
      inputs: "compat",
      parameters: { max_new_tokens: 4, details: true },
    });
    expect(compat.status).toBe(200);
    expect(compat.body).toEqual([single.body]);
  });
});

describe("deployment state on the data plane", () => {
  it("answers 404 for an unknown deployment and 503 while not ready", async () => {
    const e = await start();
    const unknown = await serving(e, "ghost", "POST", "/generate", { inputs: "x" });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: "deployment ghost not found", error_type: "not_found" });
    await api(e, "POST", "/deployments", { name: "llm", base_model: "qwen3-8b" });
    e.control.advance(30);
    const early = await serving(e, "llm", "POST", "/v1/completions", { prompt: "x" });
    expect(early.status).toBe(503);
    expect(early.body).toEqual({
      error: "Deployment llm is not ready (status: initializing)",
      error_type: "not_ready",
    });
    expect((await serving(e, "llm", "GET", "/health")).status).toBe(503);
    e.control.advance(300);
    expect((await serving(e, "llm", "GET", "/health")).status).toBe(200);
  });

  it("answers 405 for a wrong method and 404 for an unknown data-plane route", async () => {
    const e = await ready();
    expect((await serving(e, "llm", "GET", "/generate")).status).toBe(405);
    const unknown = await serving(e, "llm", "POST", "/v1/embeddings", { input: "x" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/^no route for POST /);
  });
});

describe("OpenAI-compatible routes (raw HTTP)", () => {
  it("returns LoRAX-shaped chat and completion answers with usage", async () => {
    const e = await ready();
    const chat = await serving(e, "llm", "POST", "/v1/chat/completions", {
      model: "",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Say hello" },
      ],
      max_tokens: 4,
    });
    expect(chat.status).toBe(200);
    expect(chat.body).toMatchObject({ object: "text_completion", model: "llama-3-1-8b-instruct" });
    expect(chat.body.choices[0]).toMatchObject({
      index: 0,
      message: { role: "assistant" },
      finish_reason: "length",
    });
    expect(chat.body.usage).toEqual({ prompt_tokens: 4, completion_tokens: 4, total_tokens: 8 });
    const completion = await serving(e, "llm", "POST", "/v1/completions", {
      model: "support/1",
      prompt: "Once",
      max_tokens: 500,
    });
    expect(completion.body.choices[0].finish_reason).toBe("stop");
    expect(completion.body.model).toBe("support/1");
    expect(completion.headers.get("x-adapter-id")).toBe("support/1");
  });

  it("rejects a bad role and an unknown adapter model", async () => {
    const e = await ready();
    const role = await serving(e, "llm", "POST", "/v1/chat/completions", {
      messages: [{ role: "robot", content: "x" }],
    });
    expect(role.status).toBe(422);
    expect(role.body.error).toMatch(/messages\[0\]\.role: must be one of system, user, assistant/);
    const empty = await serving(e, "llm", "POST", "/v1/chat/completions", { messages: [] });
    expect(empty.body.error).toMatch(/messages: must not be empty/);
    const adapter = await serving(e, "llm", "POST", "/v1/chat/completions", {
      model: "nope/3",
      messages: [{ role: "user", content: "x" }],
    });
    expect(adapter.status).toBe(424);
    expect(adapter.body.error).toBe("Request failed during generation: Adapter nope/3 not found");
  });
});
