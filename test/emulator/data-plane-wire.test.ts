import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { seedAdapter, seedReady, serving, sseData, start } from "./helpers.js";

/**
 * The emulator option `sseKeepAliveMs` (read by emulator/data-plane/http-compat.ts), spread in
 * untyped until `EmulatorOptions` declares it.
 */
const keepAliveOption = (ms: number): object => ({ sseKeepAliveMs: ms });

// What LoRAX answers before its own code runs (axum's Json extractor), its headers, its keep-alive
// comments and its health route: docs/platform-wire.md section 10.

async function ready(options: Parameters<typeof start>[0] = {}): Promise<RunningEmulator> {
  const e = await start(options);
  seedReady(e);
  seedAdapter(e);
  return e;
}

const base = (e: RunningEmulator) => `${e.servingUrl}/${e.tenantId}/deployments/v2/llms/llm`;

/** A raw POST with exactly the given content type and body text. */
async function post(e: RunningEmulator, path: string, body: string, contentType?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${e.apiToken}` };
  if (contentType !== undefined) headers["content-type"] = contentType;
  const res = await fetch(`${base(e)}${path}`, { method: "POST", headers, body });
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

const DESERIALIZE = "Failed to deserialize the JSON body into the target type: ";

describe("request bodies: axum's extractor, in text/plain", () => {
  it("answers 415 without a JSON content type and 400 for malformed JSON", async () => {
    const e = await ready();
    for (const contentType of [undefined, "text/plain", "application/x-www-form-urlencoded"]) {
      const res = await post(e, "/generate", '{"inputs":"x"}', contentType);
      expect(res, String(contentType)).toEqual({
        status: 415,
        type: "text/plain; charset=utf-8",
        text: "Expected request with `Content-Type: application/json`",
      });
    }
    expect((await post(e, "/generate", '{"inputs":"x"}', "application/json; charset=utf-8")).status).toBe(
      200,
    );
    const broken = await post(e, "/v1/completions", '{"model": "", "prompt": ', "application/json");
    expect(broken.status).toBe(400);
    expect(broken.type).toBe("text/plain; charset=utf-8");
    expect(broken.text).toMatch(/^Failed to parse the request body as JSON: /);
    const empty = await post(e, "/generate", "", "application/json");
    expect(empty.status).toBe(400);
  });

  it("answers 422 for a body of the wrong type, naming the field as serde does", async () => {
    const e = await ready();
    const cases: [string, object, string][] = [
      ["/v1/completions", { prompt: "x" }, "missing field `model`"],
      ["/v1/chat/completions", { messages: [] }, "missing field `model`"],
      ["/v1/chat/completions", { model: "" }, "missing field `messages`"],
      ["/v1/completions", { model: "", prompt: ["x"] }, "prompt: invalid type: sequence, expected a string"],
      [
        "/v1/completions",
        { model: "", prompt: "x", stop: "\n" },
        'stop: invalid type: string "\\n", expected a sequence',
      ],
      [
        "/v1/completions",
        { model: "", prompt: "x", stop: null },
        "stop: invalid type: null, expected a sequence",
      ],
      ["/v1/completions", { model: null, prompt: "x" }, "model: invalid type: null, expected a string"],
      [
        "/v1/chat/completions",
        { model: "", messages: [{ content: "x" }] },
        "messages[0]: missing field `role`",
      ],
      [
        "/v1/chat/completions",
        { model: "", messages: [{ role: "user", content: 7 }] },
        "messages[0].content: data did not match any variant of untagged enum MessageContent",
      ],
      ["/generate", {}, "missing field `inputs`"],
      ["/generate", { inputs: null }, "inputs: invalid type: null, expected a string"],
      [
        "/generate",
        { inputs: "x", parameters: null },
        "parameters: invalid type: null, expected struct GenerateParameters",
      ],
      [
        "/generate",
        { inputs: "x", parameters: { details: null } },
        "parameters.details: invalid type: null, expected a boolean",
      ],
      [
        "/generate",
        { inputs: "x", parameters: { max_new_tokens: -1 } },
        "parameters.max_new_tokens: invalid value: integer `-1`, expected u32",
      ],
      [
        "/generate",
        { inputs: "x", parameters: { stop: ["a", 1] } },
        "parameters.stop[1]: invalid type: integer `1`, expected a string",
      ],
      ["/", { inputs: "x", stream: null }, "stream: invalid type: null, expected a boolean"],
    ];
    for (const [path, body, message] of cases) {
      const res = await post(e, path, JSON.stringify(body), "application/json");
      expect(res, `${path} ${JSON.stringify(body)}`).toEqual({
        status: 422,
        type: "text/plain; charset=utf-8",
        text: DESERIALIZE + message,
      });
    }
  });

  it("rejects a bad streaming body with HTTP 4xx before any SSE", async () => {
    const e = await ready();
    const res = await post(
      e,
      "/v1/chat/completions",
      JSON.stringify({ stream: true, messages: [] }),
      "application/json",
    );
    expect(res.status).toBe(422);
    expect(res.type).toBe("text/plain; charset=utf-8");
    const native = await post(
      e,
      "/generate_stream",
      JSON.stringify({ inputs: "x", parameters: { stop: "y" } }),
      "application/json",
    );
    expect(native.status).toBe(422);
    expect(native.text).not.toContain("data:");
  });

  it("lets the official SDK's typed errors carry the text", async () => {
    const { Predibase, UnprocessableEntityError } = await import("../../sdk/index.js");
    const e = await ready();
    const client = new Predibase({
      apiToken: e.apiToken,
      apiUrl: e.apiUrl,
      servingUrl: e.servingUrl,
      tenantId: e.tenantId,
    });
    try {
      const failure = await client
        .deployment("llm")
        .completions.create({ prompt: ["two", "prompts"] as unknown as string })
        .catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(UnprocessableEntityError);
      expect((failure as Error).message).toContain(
        `${DESERIALIZE}prompt: invalid type: sequence, expected a string`,
      );
    } finally {
      await client.close();
    }
  });
});

describe("headers, health and the compat route", () => {
  it("sends LoRAX's /generate headers and its stream headers", async () => {
    const e = await ready();
    const body = { inputs: "héllo there", parameters: { max_new_tokens: 3, adapter_id: "support/1" } };
    const plain = await serving(e, "llm", "POST", "/generate", body);
    const h = plain.headers;
    expect(h.get("x-model-id")).toBe("llama-3-1-8b-instruct");
    expect(h.get("x-compute-type")).toBe("gpu+optimized");
    expect(h.get("x-compute-characters")).toBe("11");
    expect(h.get("x-prompt-tokens")).toBe("2");
    expect(h.get("x-generated-tokens")).toBe("3");
    expect(h.get("x-total-tokens")).toBe("5");
    expect(h.get("x-skipped-tokens")).toBe("0");
    for (const time of [
      "x-compute-time",
      "x-total-time",
      "x-queue-time",
      "x-inference-time",
      "x-time-per-token",
    ]) {
      expect(h.get(time), time).toMatch(/^\d+$/);
    }
    expect(h.get("x-adapter-id")).toBe("support/1");
    expect(h.get("x-adapter-source")).toBe("pbase");
    const streamed = await serving(e, "llm", "POST", "/generate_stream", body);
    const s = streamed.headers;
    expect(s.get("x-accel-buffering")).toBe("no");
    expect(s.get("x-compute-type")).toBe("gpu+optimized");
    expect(s.get("x-compute-characters")).toBe("11");
    expect(s.get("x-model-id")).toBe("llama-3-1-8b-instruct");
    expect(s.get("x-adapter-id")).toBe("support/1");
    // Counts are unknown when a stream starts.
    expect(s.get("x-generated-tokens")).toBeNull();
  });

  it("answers /health with 200 and an empty body", async () => {
    const e = await ready();
    const res = await fetch(`${base(e)}/health`, { headers: { authorization: `Bearer ${e.apiToken}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(res.headers.get("content-type")).toBeNull();
  });

  it("serves POST on the base URL itself, as the LoRAX Python client posts", async () => {
    const e = await ready();
    // lorax/client.py `generate`: details=True by default, stream=False.
    const body = JSON.stringify({
      inputs: "compat",
      parameters: { details: true, max_new_tokens: 4 },
      stream: false,
    });
    const res = await post(e, "", body, "application/json");
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.text);
    expect(answer).toHaveLength(1);
    expect(answer[0].details.tokens[0]).toHaveProperty("skipped", false);
    expect(answer[0].details).toHaveProperty("skipped_tokens", 0);
    const streamed = await post(e, "", body.replace('"stream":false', '"stream":true'), "application/json");
    expect(sseData(streamed.text)).toHaveLength(4);
  });
});

describe("keep-alive comments", () => {
  it("sends `:` comments while a stream is idle, every sseKeepAliveMs", async () => {
    const e = await ready({ tokenLatencyMs: 130, ...keepAliveOption(50) });
    const res = await fetch(`${base(e)}/generate_stream`, {
      method: "POST",
      headers: { authorization: `Bearer ${e.apiToken}`, "content-type": "application/json" },
      body: JSON.stringify({ inputs: "slow", parameters: { max_new_tokens: 3 } }),
    });
    const blocks = (await res.text()).split("\n\n").filter((b) => b !== "");
    const comments = blocks.filter((b) => b === ":");
    const events = blocks.filter((b) => b.startsWith("data:"));
    expect(events).toHaveLength(3);
    expect(blocks).toHaveLength(comments.length + events.length);
    // ~130 ms of silence before each token: two comments each time (at 50 and 100 ms).
    expect(comments.length).toBeGreaterThanOrEqual(4);
    expect(comments.length).toBeLessThanOrEqual(9);
  });

  it("sends none on a stream that never idles that long (default 15 s)", async () => {
    const e = await ready({ tokenLatencyMs: 5 });
    const res = await serving(e, "llm", "POST", "/generate_stream", {
      inputs: "fast",
      parameters: { max_new_tokens: 3 },
    });
    expect(res.text).not.toMatch(/^:/m);
  });
});
