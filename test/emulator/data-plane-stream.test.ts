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
    expect(last.details).toEqual({
      finish_reason: "length",
      prompt_tokens: 2,
      generated_tokens: 4,
      seed: null,
    });
    expect(Object.keys(last.token)).toEqual(["id", "text", "logprob", "special", "skipped"]);
  });

  it("streams the same text /generate returns", async () => {
    const e = await ready();
    const body = { inputs: "Same text", parameters: { max_new_tokens: 50, adapter_id: "support/1" } };
    const plain = await serving(e, "llm", "POST", "/generate", body);
    const streamed = await serving(e, "llm", "POST", "/generate_stream", body);
    const last = JSON.parse(sseData(streamed.text).at(-1) ?? "{}");
    expect(last.generated_text).toBe(plain.body.generated_text);
    expect(last.details.finish_reason).toBe("eos_token");
    expect(streamed.headers.get("x-adapter-id")).toBe("support/1");
  });

  it("sends problems as one error event on a 200 stream", async () => {
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
    expect(JSON.parse(sseData(invalid.text)[0] ?? "{}").error_type).toBe("validation");
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
  it("sends chat chunks, a final chunk with finish_reason and usage, then data:[DONE]", async () => {
    const e = await ready();
    const res = await serving(e, "llm", "POST", "/v1/chat/completions", {
      messages: [{ role: "user", content: "count" }],
      stream: true,
      max_tokens: 3,
    });
    const data = sseData(res.text);
    expect(data.at(-1)).toBe("[DONE]");
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    expect(chunks).toHaveLength(3);
    expect(chunks[0]).toMatchObject({
      id: "null",
      object: "chat.completion.chunk",
      model: "llama-3-1-8b-instruct",
    });
    expect(chunks[0].choices[0]).toMatchObject({
      index: 0,
      delta: { role: "assistant" },
      finish_reason: null,
    });
    expect(chunks[0].usage).toBeUndefined();
    expect(chunks[2].choices[0].finish_reason).toBe("length");
    expect(chunks[2].usage).toEqual({ prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 });
  });

  it("ends a naturally finished completion stream with an empty stop chunk", async () => {
    const e = await ready();
    const res = await serving(e, "llm", "POST", "/v1/completions", {
      prompt: "short",
      stream: true,
      max_tokens: 500,
    });
    const chunks = sseData(res.text)
      .slice(0, -1)
      .map((d) => JSON.parse(d));
    const final = chunks.at(-1);
    expect(final.choices[0]).toEqual({ index: 0, text: "", logprobs: null, finish_reason: "stop" });
    expect(final.usage.completion_tokens).toBe(chunks.length - 1);
    expect(chunks[0].usage).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
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
