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

  it("caps at max_new_tokens (length) and ends a natural answer with the EOS token", async () => {
    const e = await ready();
    const capped = await generate(e, "Tell me a story", { max_new_tokens: 3, details: true });
    expect(capped.body.details).toMatchObject({
      finish_reason: "length",
      generated_tokens: 3,
      prompt_tokens: 4,
      seed: null,
      skipped_tokens: 0,
    });
    expect(capped.body.details.tokens).toHaveLength(3);
    expect(capped.body.details.tokens.map((t: { text: string }) => t.text).join("")).toBe(
      capped.body.generated_text,
    );
    const free = await generate(e, "Tell me a story", { max_new_tokens: 500, details: true });
    expect(free.body.details.finish_reason).toBe("eos_token");
    expect(free.body.generated_text.startsWith(capped.body.generated_text)).toBe(true);
    expect(free.body.generated_text.endsWith(".")).toBe(true);
    // The EOS token is generated and counted, but it is not part of the text.
    const tokens = free.body.details.tokens;
    expect(tokens.at(-1)).toEqual({
      id: 2,
      text: "</s>",
      logprob: expect.any(Number),
      special: true,
      skipped: false,
    });
    expect(free.body.details.generated_tokens).toBe(tokens.length);
    expect(
      tokens
        .slice(0, -1)
        .map((t: { text: string }) => t.text)
        .join(""),
    ).toBe(free.body.generated_text);
    expect(free.body.generated_text).not.toContain("</s>");
  });

  it("defaults max_new_tokens to the rest of the context window, not a small fixed number", async () => {
    const e = await ready();
    const free = await generate(e, "Tell me a story", { max_new_tokens: 500, details: true });
    const byDefault = await generate(e, "Tell me a story", { details: true });
    expect(byDefault.body).toEqual(free.body);
    expect(byDefault.body.details.generated_tokens).toBeGreaterThan(20);
    // A deployment with a small max_total_tokens: 4 prompt tokens leave room for 8 new ones.
    e.control.seed({
      deployments: [
        { name: "small", base_model: "llama-3-1-8b-instruct", status: "ready", max_total_tokens: 12 },
      ],
    });
    const small = await serving(e, "small", "POST", "/generate", {
      inputs: "Tell me a story",
      parameters: { details: true },
    });
    expect(small.body.details).toMatchObject({ finish_reason: "length", generated_tokens: 8 });
    const over = await serving(e, "small", "POST", "/generate", {
      inputs: "Tell me a story",
      parameters: { max_new_tokens: 9 },
    });
    expect(over.status).toBe(422);
    expect(over.body.error).toBe(
      "Input validation error: `inputs` tokens + `max_new_tokens` must be <= 12. Given: 4 `inputs` tokens and 9 `max_new_tokens`",
    );
  });

  it("sets a seed only when sampling, and keeps a given one", async () => {
    const e = await ready();
    const greedy = await generate(e, "seeded", { details: true });
    expect(greedy.body.details.seed).toBeNull();
    const sampled = await generate(e, "seeded", { details: true, do_sample: true });
    expect(sampled.body.details.seed).toEqual(expect.any(Number));
    const warped = await generate(e, "seeded", { details: true, temperature: 0.7, seed: 42 });
    expect(warped.body.details.seed).toBe(42);
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

  it("validates the way LoRAX does: 422 validation with LoRAX's messages, in LoRAX's order", async () => {
    const e = await ready();
    const cases: [object, string][] = [
      [{ inputs: "" }, "`inputs` cannot be empty"],
      [{ inputs: "x", parameters: { max_new_tokens: 0 } }, "`max_new_tokens` must be strictly positive"],
      [{ inputs: "x", parameters: { temperature: -1 } }, "`temperature` must be non-negative"],
      [{ inputs: "x", parameters: { top_p: 0 } }, "`top_p` must be > 0.0 and < 1.0"],
      [{ inputs: "x", parameters: { top_k: 0 } }, "`top_k` must be strictly positive"],
      [
        { inputs: "x", parameters: { repetition_penalty: 0 } },
        "`repetition_penalty` must be strictly positive",
      ],
      [
        { inputs: "x", parameters: { stop: Array(11).fill("s") } },
        "`stop` supports up to 10 stop sequences. Given: 11",
      ],
      [
        { inputs: "x", parameters: { max_new_tokens: 200_000 } },
        "`inputs` tokens + `max_new_tokens` must be <= 131072. Given: 1 `inputs` tokens and 200000 `max_new_tokens`",
      ],
      // Checked before the empty input, as LoRAX does.
      [{ inputs: "", parameters: { temperature: -1 } }, "`temperature` must be non-negative"],
    ];
    for (const [body, message] of cases) {
      const res = await serving(e, "llm", "POST", "/generate", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body, JSON.stringify(body)).toEqual({
        error: `Input validation error: ${message}`,
        error_type: "validation",
      });
    }
  });

  it("accepts whitespace-only inputs, a missing or empty adapter_id, and fields it does not know", async () => {
    const e = await ready();
    const blank = await generate(e, "   ", { details: true });
    expect(blank.status).toBe(200);
    expect(blank.body.details.prompt_tokens).toBe(0);
    const base = await generate(e, "hello", {});
    for (const parameters of [{ adapter_id: "" }, { adapter_id: null }, { surprise: true }]) {
      const res = await generate(e, "hello", parameters);
      expect(res.status, JSON.stringify(parameters)).toBe(200);
      expect(res.body).toEqual(base.body);
      expect(res.headers.get("x-adapter-id")).toBeNull();
    }
    const extra = await serving(e, "llm", "POST", "/generate", { inputs: "hello", unknown_top_level: 1 });
    expect(extra.body).toEqual(base.body);
  });

  it("answers an unknown adapter source as a generation error (424)", async () => {
    const e = await ready();
    const res = await generate(e, "x", { adapter_id: "a/1", adapter_source: "ftp" });
    expect(res.status).toBe(424);
    expect(res.body).toEqual({
      error: "Request failed during generation: Unknown source ftp",
      error_type: "generation",
    });
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
    expect(chat.body).toMatchObject({
      id: "null",
      object: "text_completion",
      model: "llama-3-1-8b-instruct",
      system_fingerprint: expect.any(String),
    });
    expect(chat.body.created).toBe(Math.floor(e.control.clock().now_ms / 1000));
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
    expect(completion.body).toMatchObject({
      id: "null",
      object: "text_completion",
      created: 0,
      model: "null",
    });
    expect(completion.body.choices[0].finish_reason).toBe("stop");
    expect(completion.body.choices[0].text).not.toContain("</s>");
    expect(completion.headers.get("x-adapter-id")).toBe("support/1");
    // The chat answer names the base model even when an adapter served it.
    const tuned = await serving(e, "llm", "POST", "/v1/chat/completions", {
      model: "support/1",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(tuned.body.model).toBe("llama-3-1-8b-instruct");
    expect(tuned.headers.get("x-adapter-id")).toBe("support/1");
  });

  it('reads model as LoRAX does: "" or the base model id is the base model, anything else an adapter', async () => {
    const e = await ready();
    const ask = (model: string) =>
      serving(e, "llm", "POST", "/v1/completions", { model, prompt: "Which model?", max_tokens: 5 });
    const base = await ask("");
    expect((await ask("llama-3-1-8b-instruct")).body.choices).toEqual(base.body.choices);
    const adapter = await ask("support/1");
    expect(adapter.body.choices).not.toEqual(base.body.choices);
    const unknown = await ask("gpt-4o");
    expect(unknown.status).toBe(424);
    expect(unknown.body.error_type).toBe("generation");
  });

  it("accepts any role, null content and image parts; text parts are joined with nothing", async () => {
    const e = await ready();
    const chat = (messages: unknown) =>
      serving(e, "llm", "POST", "/v1/chat/completions", { model: "", messages, max_tokens: 3 });
    const joined = await chat([{ role: "user", content: "alphabeta" }]);
    const parts = await chat([
      {
        role: "user",
        content: [
          { type: "text", text: "alpha" },
          { type: "text", text: "beta" },
        ],
      },
    ]);
    expect(parts.status).toBe(200);
    expect(parts.body.choices).toEqual(joined.body.choices);
    expect(parts.body.usage.prompt_tokens).toBe(1);
    const odd = await chat([
      { role: "robot", content: null },
      { role: "tool", content: [{ type: "image_url", image_url: { url: "https://x/y.png" } }] },
      { role: "user", content: "describe it", name: "ann" },
    ]);
    expect(odd.status).toBe(200);
    const unknown = await serving(e, "llm", "POST", "/v1/chat/completions", {
      model: "nope/3",
      messages: [{ role: "user", content: "x" }],
    });
    expect(unknown.status).toBe(424);
    expect(unknown.body.error).toBe("Request failed during generation: Adapter nope/3 not found");
  });

  it("ignores fields LoRAX does not know (max_completion_tokens included)", async () => {
    const e = await ready();
    const body = { model: "", messages: [{ role: "user", content: "long answer please" }] };
    const plain = await serving(e, "llm", "POST", "/v1/chat/completions", body);
    const extra = await serving(e, "llm", "POST", "/v1/chat/completions", {
      ...body,
      max_completion_tokens: 1,
      response_format: { type: "text" },
      future_field: [1, 2],
    });
    expect(extra.status).toBe(200);
    expect(extra.body.choices).toEqual(plain.body.choices);
    expect(extra.body.usage.completion_tokens).toBeGreaterThan(1);
  });
});
