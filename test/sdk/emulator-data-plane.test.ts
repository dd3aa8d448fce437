import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIError,
  type DeploymentClient,
  NotFoundError,
  Predibase,
  ServiceUnavailableError,
  UnprocessableEntityError,
} from "../../sdk/index.js";
import { startWithClient } from "./helpers/emulator.js";

/**
 * The emulator option `sseKeepAliveMs` (read by emulator/data-plane/http-compat.ts), spread in
 * untyped until `EmulatorOptions` declares it.
 */
const keepAliveOption = (ms: number): object => ({ sseKeepAliveMs: ms });

// The LoRAX data plane of an emulated deployment: native and OpenAI-compatible routes, streaming.
let ctx: Awaited<ReturnType<typeof startWithClient>>;
let dep: DeploymentClient;
let adapter: string;
beforeAll(async () => {
  ctx = await startWithClient({ clock: "manual" });
  const { client } = ctx;
  await client.deployments.create({ name: "dp-llm", base_model: "qwen3-8b" });
  await client.datasets.create({ name: "dp-data" });
  await client.repos.create({ name: "dp-repo" });
  const job = await client.finetuning.jobs.create({
    base_model: "qwen3-8b",
    dataset: "dp-data",
    repo: "dp-repo",
  });
  await ctx.emulator.control.advance(4 * 3600);
  adapter = (await client.finetuning.jobs.get(job.id)).adapter_version ?? "";
  dep = client.deployment("dp-llm");
});
afterAll(() => ctx.close());

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

describe("a client with no tenant id", () => {
  it("asks the API for the tenant once, on its first data-plane request, then serves", async () => {
    const saved = process.env.PREDIBASE_TENANT_ID;
    delete process.env.PREDIBASE_TENANT_ID;
    const bare = new Predibase({
      apiToken: ctx.emulator.apiToken,
      apiUrl: ctx.emulator.apiUrl,
      servingUrl: ctx.emulator.servingUrl,
    });
    try {
      const lookups = () =>
        ctx.emulator.control.requests().filter((r: { path: string }) => r.path.endsWith("/users/current"))
          .length;
      const before = lookups();
      const bareDep = bare.deployment("dp-llm");
      // The URL needs the tenant, which nothing has asked for yet: a config error naming the fixes.
      expect(() => bareDep.baseUrl).toThrow(/dp-llm.*resolveTenantId.*tenantId.*PREDIBASE_TENANT_ID/);
      const [a, b] = await Promise.all([
        bareDep.generate({ inputs: "What is LoRA?", parameters: { max_new_tokens: 4 } }),
        bareDep.chat.completions.create({ model: "", messages: [{ role: "user", content: "hi" }] }),
      ]);
      expect(a.generated_text.length).toBeGreaterThan(0);
      expect(b.choices[0]?.message.content?.length).toBeGreaterThan(0);
      await bareDep.health();
      expect(lookups() - before).toBe(1);
      expect(bare.tenantId).toBe(ctx.emulator.tenantId);
      expect(bareDep.openaiBaseUrl).toBe(dep.openaiBaseUrl);
    } finally {
      await bare.close();
      if (saved !== undefined) process.env.PREDIBASE_TENANT_ID = saved;
    }
  });
});

describe("native LoRAX routes", () => {
  it("generates deterministic text with details on request", async () => {
    const a = await dep.generate({
      inputs: "What is LoRA?",
      parameters: { max_new_tokens: 8, details: true },
    });
    const b = await dep.generate({ inputs: "What is LoRA?", parameters: { max_new_tokens: 8 } });
    expect(a.generated_text.length).toBeGreaterThan(0);
    expect(a.generated_text).toBe(b.generated_text);
    expect(a.details).toMatchObject({ finish_reason: "length", generated_tokens: 8 });
    expect(b.details ?? undefined).toBeUndefined();
  });

  it("applies a fine-tuned adapter from the repo (pbase) and hub adapters", async () => {
    expect(adapter).toBe("dp-repo/1");
    const base = await dep.generate({ inputs: "Hello", parameters: { max_new_tokens: 6 } });
    const tuned = await dep.generate({
      inputs: "Hello",
      parameters: { max_new_tokens: 6, adapter_id: adapter },
    });
    expect(tuned.generated_text).not.toBe(base.generated_text);
    const hub = await dep.generate({
      inputs: "Hello",
      parameters: { adapter_id: "someone/lora", adapter_source: "hub" },
    });
    expect(hub.generated_text.length).toBeGreaterThan(0);
  });

  it("reports an unknown adapter as APIError 424 with error type generation", async () => {
    const err = await dep
      .generate({ inputs: "Hello", parameters: { adapter_id: "dp-repo/9" } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect(err).toMatchObject({ status: 424, errorType: "generation" });
    expect((err as Error).message).toMatch(/Adapter dp-repo\/9 not found/);
  });

  it("rejects empty inputs with UnprocessableEntityError", async () => {
    await expect(dep.generate({ inputs: "" })).rejects.toBeInstanceOf(UnprocessableEntityError);
  });

  it("streams tokens whose last event carries the same text as /generate", async () => {
    const whole = await dep.generate({ inputs: "Stream me", parameters: { max_new_tokens: 5 } });
    const events = await collect(
      await dep.generateStream({ inputs: "Stream me", parameters: { max_new_tokens: 5, details: true } }),
    );
    expect(events).toHaveLength(5);
    const last = events.at(-1);
    expect(last?.generated_text).toBe(whole.generated_text);
    expect(last?.details?.generated_tokens).toBe(5);
    expect(events.map((e) => e.token.text).join("")).toBe(whole.generated_text);
    expect(events.slice(0, -1).every((e) => e.generated_text == null)).toBe(true);
  });

  it("throws a validation error event from inside the stream or before it", async () => {
    await expect(
      collect(await dep.generateStream({ inputs: "x", parameters: { max_new_tokens: 0 } })),
    ).rejects.toBeInstanceOf(UnprocessableEntityError);
  });

  it("reads a naturally ended stream: details null unless asked, the EOS token last and not in the text", async () => {
    const whole = await dep.generate({ inputs: "Stream me", parameters: { details: true } });
    expect(whole.details?.finish_reason).toBe("eos_token");
    const events = await collect(await dep.generateStream({ inputs: "Stream me" }));
    const last = events.at(-1);
    expect(last?.details).toBeNull();
    expect(last?.token).toMatchObject({ text: "</s>", special: true });
    expect(events).toHaveLength(whole.details?.generated_tokens ?? -1);
    expect(last?.generated_text).toBe(whole.generated_text);
    const shown = events.filter((e) => !e.token.special).map((e) => e.token.text);
    expect(shown.join("")).toBe(whole.generated_text);
  });

  it("answers /health (an empty 200)", async () => {
    await expect(dep.health()).resolves.toBeUndefined();
  });

  it("turns LoRAX's text/plain body rejections into typed errors carrying the text", async () => {
    const err = await dep
      .generate({ inputs: "x", parameters: { stop: "y" as unknown as string[] } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnprocessableEntityError);
    expect(err).toMatchObject({ status: 422 });
    expect((err as Error).message).toContain(
      'parameters.stop: invalid type: string "y", expected a sequence',
    );
    const streamErr = await dep
      .generateStream({ inputs: "x", parameters: { stop: "y" as unknown as string[] } })
      .catch((e: unknown) => e);
    expect(streamErr).toBeInstanceOf(UnprocessableEntityError);
  });
});

describe("keep-alive comments", () => {
  it("keep a slow stream alive past the SDK's idle timeout", async () => {
    // Tokens 150 ms apart, a 100 ms idle timeout: only the 40 ms keep-alive comments keep it open.
    const slow = await startWithClient(
      { clock: "immediate", tokenLatencyMs: 150, ...keepAliveOption(40) },
      { streamIdleTimeout: 100 },
    );
    try {
      await slow.client.deployments.create({ name: "slow", base_model: "qwen3-8b" });
      const events = await collect(
        await slow.client
          .deployment("slow")
          .generateStream({ inputs: "x", parameters: { max_new_tokens: 3 } }),
      );
      expect(events).toHaveLength(3);
    } finally {
      await slow.close();
    }
  });
});

describe("OpenAI-compatible routes", () => {
  it("creates a chat completion", async () => {
    const completion = await dep.chat.completions.create({
      messages: [{ role: "user", content: "Hi there" }],
      max_tokens: 4,
    });
    expect(completion.choices[0]?.message.role).toBe("assistant");
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(completion.choices[0]?.finish_reason).toBe("length");
    expect(completion.usage?.completion_tokens).toBe(4);
  });

  it("streams a chat completion until [DONE]", async () => {
    const stream = await dep.chat.completions.create({
      messages: [{ role: "user", content: "Hi there" }],
      max_tokens: 4,
      stream: true,
    });
    const chunks = await collect(stream);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(chunks.every((c) => c.object === "chat.completion.chunk")).toBe(true);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("length");
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    const whole = await dep.chat.completions.create({
      messages: [{ role: "user", content: "Hi there" }],
      max_tokens: 4,
    });
    expect(text).toBe(whole.choices[0]?.message.content);
  });

  it("creates a completion with an adapter, streaming and not", async () => {
    const completion = await dep.completions.create({ prompt: "Once upon", max_tokens: 3, model: adapter });
    expect(completion.choices[0]?.text.length).toBeGreaterThan(0);
    const chunks = await collect(
      await dep.completions.create({ prompt: "Once upon", max_tokens: 3, model: adapter, stream: true }),
    );
    expect(chunks.map((c) => c.choices[0]?.text ?? "").join("")).toBe(completion.choices[0]?.text);
  });

  it("works with the official openai package pointed at openaiBaseUrl", async () => {
    const openai = new OpenAI({ baseURL: dep.openaiBaseUrl, apiKey: ctx.emulator.apiToken, maxRetries: 0 });
    const completion = await openai.chat.completions.create({
      model: "",
      messages: [{ role: "user", content: "Hi there" }],
      max_tokens: 4,
    });
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
    let text = "";
    const stream = await openai.chat.completions.create({
      model: "",
      messages: [{ role: "user", content: "Hi there" }],
      max_tokens: 4,
      stream: true,
    });
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe(completion.choices[0]?.message.content);
  });
});

describe("data-plane errors", () => {
  it("answers 503 ServiceUnavailableError for a deployment that is not ready", async () => {
    await ctx.client.deployments.create({ name: "dp-cold", base_model: "qwen3-8b" });
    const err = await ctx.client
      .deployment("dp-cold")
      .generate({ inputs: "x" }, { maxRetries: 0 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(err).toMatchObject({ status: 503, errorType: "not_ready" });
    expect((err as Error).message).toMatch(/not ready/);
  });

  it("answers 404 NotFoundError for an unknown deployment or another tenant", async () => {
    await expect(ctx.client.deployment("nope").generate({ inputs: "x" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const other = new Predibase({
      apiToken: ctx.emulator.apiToken,
      apiUrl: ctx.emulator.apiUrl,
      servingUrl: ctx.emulator.servingUrl,
      tenantId: "someone-else",
    });
    try {
      await expect(other.deployment("dp-llm").generate({ inputs: "x" })).rejects.toBeInstanceOf(
        NotFoundError,
      );
    } finally {
      await other.close();
    }
  });
});
