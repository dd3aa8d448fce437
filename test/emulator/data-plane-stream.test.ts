import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { seedAdapter, seedReady, serving, sseData, start } from "./helpers.js";

async function ready(options: Parameters<typeof start>[0] = {}): Promise<RunningEmulator> {
  const e = await start(options);
  seedReady(e);
  seedAdapter(e);
  return e;
}

describe("/generate_stream (LoRAX SSE)", () => {
  it("frames every event as `data:{json}` + blank line, with no space and no [DONE]", async () => {
    const e = await ready();
    const res = await serving(e, "llm", "POST", "/generate_stream", {
      inputs: "Stream me",
      parameters: { max_new_tokens: 4 },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.text).toMatch(/^(data:\{[^\n]+\}\n\n){4}$/);
    expect(res.text).not.toContain("[DONE]");
    const events = sseData(res.text).map((d) => JSON.parse(d));
    for (const event of events.slice(0, -1)) {
      expect(event).toEqual({
        token: expect.objectContaining({ special: false }),
        generated_text: null,
        details: null,
      });
    }
    const last = events.at(-1);
    expect(last.generated_text).toBe(events.map((ev) => ev.token.text).join(""));
    // Details were not asked for: the key is there, null.
    expect(last.details).toBeNull();
    expect(Object.keys(last)).toEqual(["token", "generated_text", "details"]);
    expect(Object.keys(last.token)).toEqual(["id", "text", "logprob", "special", "skipped"]);
  });

  it("carries details on the last event only when asked, counting the EOS token", async () => {
    const e = await ready();
    const res = await serving(e, "llm", "POST", "/generate_stream", {
      inputs: "Stream me",
      parameters: { max_new_tokens: 500, details: true },
    });
    const events = sseData(res.text).map((d) => JSON.parse(d));
    const last = events.at(-1);
    expect(last.token).toEqual({
      id: 2,
      text: "</s>",
      logprob: expect.any(Number),
      special: true,
      skipped: false,
    });
    expect(last.details).toEqual({
      finish_reason: "eos_token",
      prompt_tokens: 2,
      generated_tokens: events.length,
      seed: null,
    });
    expect(last.generated_text).toBe(
      events
        .slice(0, -1)
        .map((ev) => ev.token.text)
        .join(""),
    );
    expect(events.slice(0, -1).every((ev) => ev.details === null && ev.token.special === false)).toBe(true);
  });

  it("streams the same text /generate returns", async () => {
    const e = await ready();
    const body = {
      inputs: "Same text",
      parameters: { max_new_tokens: 50, adapter_id: "support/1", details: true },
    };
    const plain = await serving(e, "llm", "POST", "/generate", body);
    const streamed = await serving(e, "llm", "POST", "/generate_stream", body);
    const last = JSON.parse(sseData(streamed.text).at(-1) ?? "{}");
    expect(last.generated_text).toBe(plain.body.generated_text);
    expect(last.details.finish_reason).toBe("eos_token");
    expect(streamed.headers.get("x-adapter-id")).toBe("support/1");
  });

  it("sends validation and adapter problems as one error event on a 200 stream", async () => {
    const e = await ready();
    const res = await serving(e, "llm", "POST", "/generate_stream", {
      inputs: "x",
      parameters: { adapter_id: "support/7" },
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe(
      'data:{"error":"Request failed during generation: Adapter support/7 not found","error_type":"generation"}\n\n',
    );
    const invalid = await serving(e, "llm", "POST", "/generate_stream", { inputs: "" });
    expect(invalid.status).toBe(200);
    expect(JSON.parse(sseData(invalid.text)[0] ?? "{}")).toEqual({
      error: "Input validation error: `inputs` cannot be empty",
      error_type: "validation",
    });
    const bestOf = await serving(e, "llm", "POST", "/generate_stream", {
      inputs: "x",
      parameters: { best_of: 2, do_sample: true },
    });
    expect(JSON.parse(sseData(bestOf.text)[0] ?? "{}").error).toBe(
      "Input validation error: `best_of` != 1 is not supported when streaming tokens",
    );
  });

  it("streams from the compat route when stream is true", async () => {
    const e = await ready();
    const res = await serving(e, "llm", "POST", "/", {
      inputs: "compat",
      stream: true,
      parameters: { max_new_tokens: 2 },
    });
    expect(sseData(res.text)).toHaveLength(2);
  });

  it("waits tokenLatencyMs between streamed tokens", async () => {
    const e = await ready({ tokenLatencyMs: 40 });
    const started = Date.now();
    const res = await serving(e, "llm", "POST", "/generate_stream", {
      inputs: "slow",
      parameters: { max_new_tokens: 5 },
    });
    expect(sseData(res.text)).toHaveLength(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});

describe("OpenAI streams (raw SSE)", () => {
  it('sends chat chunks with created 0 and model "null", usage on the last, then data:[DONE]', async () => {
    const e = await ready();
    const res = await serving(e, "llm", "POST", "/v1/chat/completions", {
      model: "support/1",
      messages: [{ role: "user", content: "count" }],
      stream: true,
      max_tokens: 3,
    });
    const data = sseData(res.text);
    expect(data.at(-1)).toBe("[DONE]");
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    expect(chunks).toHaveLength(3);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ id: "null", object: "chat.completion.chunk", created: 0, model: "null" });
    }
    expect(chunks[0].choices[0]).toMatchObject({
      index: 0,
      delta: { role: "assistant" },
      finish_reason: null,
    });
    expect(chunks[0].usage).toBeUndefined();
    expect(chunks[2].choices[0].finish_reason).toBe("length");
    expect(chunks[2].choices[0].delta.content).toEqual(expect.any(String));
    expect(chunks[2].usage).toEqual({ prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 });
    expect(res.headers.get("x-adapter-id")).toBe("support/1");
  });

  it("ends a naturally finished stream with the EOS token's chunk: no text, finish stop", async () => {
    const e = await ready();
    const res = await serving(e, "llm", "POST", "/v1/completions", {
      model: "",
      prompt: "short",
      stream: true,
      max_tokens: 500,
    });
    const chunks = sseData(res.text)
      .slice(0, -1)
      .map((d) => JSON.parse(d));
    const final = chunks.at(-1);
    expect(final).toMatchObject({ id: "null", object: "text_completion", created: 0, model: "null" });
    expect(final.choices[0]).toEqual({ index: 0, text: "", logprobs: null, finish_reason: "stop" });
    // Every chunk is a generated token, the EOS one included.
    expect(final.usage.completion_tokens).toBe(chunks.length);
    expect(chunks[0].usage).toEqual({ prompt_tokens: 0, total_tokens: 0, completion_tokens: 0 });
    const chat = await serving(e, "llm", "POST", "/v1/chat/completions", {
      model: "",
      messages: [{ role: "user", content: "short" }],
      stream: true,
      max_tokens: 500,
    });
    const last = JSON.parse(sseData(chat.text).at(-2) ?? "{}");
    expect(last.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: "stop" });
  });

  it("never sends [DONE] after an error event", async () => {
    const e = await ready();
    const res = await serving(e, "llm", "POST", "/v1/completions", {
      prompt: "x",
      model: "gone/1",
      stream: true,
    });
    expect(res.status).toBe(200);
    expect(sseData(res.text)).toHaveLength(1);
    expect(res.text).not.toContain("[DONE]");
  });
});
