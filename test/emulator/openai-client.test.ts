import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { seedAdapter, seedReady, start } from "./helpers.js";

/**
 * The emulator option `sseKeepAliveMs` (read by emulator/data-plane/http-compat.ts), spread in
 * untyped until `EmulatorOptions` declares it.
 */
const keepAliveOption = (ms: number): object => ({ sseKeepAliveMs: ms });

async function client(): Promise<{ e: RunningEmulator; openai: OpenAI }> {
  const e = await start();
  seedReady(e);
  seedAdapter(e);
  const baseURL = `${e.servingUrl}/${e.tenantId}/deployments/v2/llms/llm/v1`;
  return { e, openai: new OpenAI({ baseURL, apiKey: e.apiToken, maxRetries: 0 }) };
}

const messages = [{ role: "user" as const, content: "What does a LoRA adapter change?" }];

describe("the official openai package against the emulator", () => {
  it("parses a chat completion, with and without an adapter", async () => {
    const { openai } = await client();
    // Every natural answer has at least 6 words, so 5 always caps (finish "length").
    const base = await openai.chat.completions.create({ model: "", messages, max_tokens: 5 });
    expect(base.choices[0]?.message.content?.split(" ")).toHaveLength(5);
    expect(base.choices[0]?.finish_reason).toBe("length");
    expect(base.usage?.completion_tokens).toBe(5);
    const tuned = await openai.chat.completions.create({ model: "support/1", messages, max_tokens: 5 });
    expect(tuned.choices[0]?.message.content).not.toBe(base.choices[0]?.message.content);
    // LoRAX names the base model in a non-streamed chat answer, whichever adapter served it.
    expect(tuned.model).toBe("llama-3-1-8b-instruct");
  });

  it("iterates a chat stream to the same text as the non-stream answer", async () => {
    const { openai } = await client();
    for (const model of ["", "support/1"]) {
      const whole = await openai.chat.completions.create({ model, messages, max_tokens: 200 });
      const stream = await openai.chat.completions.create({ model, messages, max_tokens: 200, stream: true });
      let text = "";
      let finish: string | null = null;
      for await (const chunk of stream) {
        expect(chunk).toMatchObject({ created: 0, model: "null" });
        text += chunk.choices[0]?.delta.content ?? "";
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      expect(text).toBe(whole.choices[0]?.message.content);
      expect(finish).toBe("stop");
    }
  });

  it("parses completions, streamed and not", async () => {
    const { openai } = await client();
    const whole = await openai.completions.create({
      model: "support/1",
      prompt: "Ticket summary:",
      max_tokens: 6,
    });
    expect(whole.choices[0]?.finish_reason).toBe("length");
    const stream = await openai.completions.create({
      model: "support/1",
      prompt: "Ticket summary:",
      max_tokens: 6,
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? "";
    expect(text).toBe(whole.choices[0]?.text);
  });

  it("surfaces emulator errors as openai APIErrors with the status", async () => {
    const { openai } = await client();
    const failure = await openai.chat.completions
      .create({ model: "missing/4", messages })
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(424);
    const streamFailure = async () => {
      const stream = await openai.chat.completions.create({ model: "missing/4", messages, stream: true });
      for await (const _ of stream) {
        // the error event throws while iterating
      }
    };
    await expect(streamFailure()).rejects.toThrow(/Adapter missing\/4 not found/);
  });

  it("surfaces LoRAX's text/plain body errors with their status and text", async () => {
    const { openai } = await client();
    const failure = await openai.completions
      .create({ model: "", prompt: "x", stop: null as unknown as string })
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(OpenAI.UnprocessableEntityError);
    expect((failure as Error).message).toContain(
      "Failed to deserialize the JSON body into the target type: stop: invalid type: null, expected a sequence",
    );
  });

  it("reads a stream through keep-alive comments", async () => {
    const e = await start({ tokenLatencyMs: 60, ...keepAliveOption(20) });
    seedReady(e);
    const baseURL = `${e.servingUrl}/${e.tenantId}/deployments/v2/llms/llm/v1`;
    const openai = new OpenAI({ baseURL, apiKey: e.apiToken, maxRetries: 0 });
    const stream = await openai.completions.create({
      model: "",
      prompt: "idle",
      max_tokens: 3,
      stream: true,
    });
    const texts: string[] = [];
    for await (const chunk of stream) texts.push(chunk.choices[0]?.text ?? "");
    expect(texts).toHaveLength(3);
  });
});
