import { afterEach, describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIResponseValidationError,
  APIUserAbortError,
  InternalServerError,
  Predibase,
  RateLimitError,
  UnprocessableEntityError,
} from "../../sdk/index.js";
import { json, sleepMs, sseHead, startTestServer } from "./helpers/server.js";

// Stream edge cases the emulator cannot produce, served by a tiny real HTTP server.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(handler: Parameters<typeof startTestServer>[0], streamIdleTimeout = 60_000) {
  const server = await startTestServer(handler);
  const client = new Predibase({
    apiToken: "pb_x",
    apiUrl: `${server.url}/v2`,
    servingUrl: server.url,
    tenantId: "t1",
    streamIdleTimeout,
  });
  cleanups.push(async () => {
    await client.close();
    await server.close();
  });
  return { server, dep: client.deployment("my-llm") };
}

const token = (id: number, text: string, final?: string) =>
  `data:${JSON.stringify({
    token: { id, text, logprob: -0.1, special: false },
    generated_text: final ?? null,
    details: final ? { finish_reason: "length", prompt_tokens: 2, generated_tokens: 2, seed: null } : null,
  })}\n\n`;

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

describe("streaming", () => {
  it("parses /generate_stream split at awkward places, final event with generated_text", async () => {
    const body = `:\n\n${token(1, " Hello")}${token(2, " world", " Hello world")}`;
    const { server, dep } = await setup(async (_req, res) => {
      sseHead(res);
      for (let i = 0; i < body.length; i += 7) {
        res.write(body.slice(i, i + 7));
        await sleepMs(1);
      }
      res.end();
    });
    const stream = await dep.generateStream({ inputs: "Say hi", parameters: { max_new_tokens: 2 } });
    const events = await collect(stream);
    expect(events.map((e) => e.token.text)).toEqual([" Hello", " world"]);
    expect(events.at(-1)?.generated_text).toBe(" Hello world");
    expect(events.at(-1)?.details?.finish_reason).toBe("length");
    expect(server.requests[0]?.url).toBe("/t1/deployments/v2/llms/my-llm/generate_stream");
    expect(server.requests[0]?.headers.accept).toBe("text/event-stream");
  });

  it.each([
    ["validation", UnprocessableEntityError, 422],
    ["overloaded", RateLimitError, 429],
    ["generation", APIError, 424],
    ["incomplete_generation", InternalServerError, 500],
  ])("turns an in-stream %s error into %s", async (errorType, cls, status) => {
    const { dep } = await setup((_req, res) => {
      sseHead(res);
      res.write(token(1, " a"));
      res.end(`data:${JSON.stringify({ error: `something ${errorType}`, error_type: errorType })}\n\n`);
    });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const ev of await dep.generateStream({ inputs: "x" })) seen.push(ev.token.text);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([" a"]);
    expect(err).toBeInstanceOf(cls);
    expect(err).toMatchObject({ status, errorType });
    expect((err as Error).message).toContain(`something ${errorType}`);
  });

  it("throws APIConnectionError when the connection closes mid-event", async () => {
    const { dep } = await setup((_req, res) => {
      sseHead(res);
      res.write(token(1, " a"));
      res.write('data:{"token":{"id":2,"te');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const err = await collect(await dep.generateStream({ inputs: "x" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionError);
  });

  it("throws 'stream ended before completion' when a clean end comes without the final event", async () => {
    const { dep } = await setup((_req, res) => {
      sseHead(res);
      res.end(`${token(1, " a")}data:{"token":{"id":2`);
    });
    const err = await collect(await dep.generateStream({ inputs: "x" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionError);
    expect((err as Error).message).toMatch(/stream ended before completion.*middle of an event/i);
  });

  it("throws APIConnectionTimeoutError when the stream goes idle", async () => {
    const { dep } = await setup((_req, res) => {
      sseHead(res);
      res.write(token(1, " a"));
      // then nothing, and the connection stays open
    }, 200);
    const started = Date.now();
    const err = await collect(await dep.generateStream({ inputs: "x" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionTimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("rejects an event that is not JSON", async () => {
    const { dep } = await setup((_req, res) => {
      sseHead(res);
      res.end("data:{not json\n\n");
    });
    const err = await collect(await dep.generateStream({ inputs: "x" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIResponseValidationError);
  });

  it("closes the connection when the loop breaks early", async () => {
    const { server, dep } = await setup(async (_req, res) => {
      sseHead(res);
      for (let i = 0; i < 200; i++) {
        if (res.destroyed) return;
        res.write(token(i, ` t${i}`));
        await sleepMs(5);
      }
      res.end(token(999, "", "done"));
    });
    for await (const ev of await dep.generateStream({ inputs: "x" })) {
      if (ev.token.id === 2) break;
    }
    await sleepMs(100);
    expect(server.closedConnections).toContain(0);
  });

  it("aborts a stream in progress with the caller's signal", async () => {
    const { dep } = await setup((_req, res) => {
      sseHead(res);
      res.write(token(1, " a"));
    });
    const controller = new AbortController();
    const stream = await dep.generateStream({ inputs: "x" }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(collect(stream)).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("reads a chat stream up to [DONE], with data: followed by a space", async () => {
    const chunk = (content: string, finish: string | null) =>
      `data: ${JSON.stringify({
        id: "null",
        object: "chat.completion.chunk",
        created: 0,
        model: "null",
        choices: [{ index: 0, delta: { role: "assistant", content }, finish_reason: finish }],
      })}\r\n\r\n`;
    const { server, dep } = await setup((_req, res) => {
      sseHead(res);
      res.end(`${chunk("Hi", null)}${chunk(" there", "stop")}data: [DONE]\r\n\r\n`);
    });
    const chunks = await collect(
      await dep.chat.completions.create({ messages: [{ role: "user", content: "hi" }], stream: true }),
    );
    expect(chunks.map((c) => c.choices[0]?.delta.content).join("")).toBe("Hi there");
    expect(JSON.parse(server.requests[0]?.body ?? "{}")).toMatchObject({ model: "", stream: true });
    expect(server.requests[0]?.url).toBe("/t1/deployments/v2/llms/my-llm/v1/chat/completions");
  });

  it("turns an HTTP error before the stream starts into the status's class", async () => {
    const { dep } = await setup((_req, res) =>
      json(res, 422, { error: "Input validation error: inputs cannot be empty", error_type: "validation" }),
    );
    await expect(dep.generateStream({ inputs: "" })).rejects.toBeInstanceOf(UnprocessableEntityError);
  });
});
