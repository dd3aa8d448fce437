import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIResponseValidationError,
  APIUserAbortError,
  AuthenticationError,
  ConflictError,
  InternalServerError,
  Predibase,
  RateLimitError,
  VERSION,
} from "../../sdk/index.js";
import { deployment, json, sleepMs, startTestServer } from "./helpers/server.js";

// Transport behaviour against a tiny real HTTP server (no mocked fetch).
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(
  handler: Parameters<typeof startTestServer>[0],
  options: Partial<ConstructorParameters<typeof Predibase>[0]> = {},
) {
  const server = await startTestServer(handler);
  const lines: string[] = [];
  const client = new Predibase({
    apiToken: "pb_secret_token",
    apiUrl: `${server.url}/v2`,
    servingUrl: server.url,
    tenantId: "t1",
    // The scripted server answers in the seed's flat shapes; platform bodies: wire-platform.test.ts.
    wireFormat: "spec",
    logger: (line) => lines.push(line),
    ...options,
  });
  cleanups.push(async () => {
    await client.close();
    await server.close();
  });
  return { server, client, lines };
}

describe("transport", () => {
  it("sends bearer auth, user agent, accept and content type; snake_case JSON body", async () => {
    const { server, client } = await setup((_req, res) => json(res, 200, deployment()));
    await client.deployments.create({ name: "my-llm", base_model: "qwen3-8b", min_replicas: 0 });
    const [req] = server.requests;
    expect(req?.method).toBe("POST");
    expect(req?.url).toBe("/v2/deployments");
    expect(req?.headers.authorization).toBe("Bearer pb_secret_token");
    expect(req?.headers["user-agent"]).toBe(`pulumi-predibase/${VERSION}`);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
    expect(VERSION).not.toBe("0.0.0");
    expect(req?.headers.accept).toBe("application/json");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req?.body ?? "")).toEqual({ name: "my-llm", base_model: "qwen3-8b", min_replicas: 0 });
  });

  it("retries a 429 after the Retry-After delay", async () => {
    const { server, client } = await setup((_req, res, i) =>
      i === 0
        ? json(res, 429, { error: "slow down", error_type: "rate_limit" }, { "retry-after": "1" })
        : json(res, 200, []),
    );
    const started = Date.now();
    await expect(client.models.list()).resolves.toEqual([]);
    expect(server.requests).toHaveLength(2);
    const waited = (server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0);
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("gives up after maxRetries and throws the last error", async () => {
    const { server, client } = await setup((_req, res) =>
      json(res, 500, { error: "boom", error_type: "server" }, { "retry-after-ms": "10" }),
    );
    await expect(client.models.list()).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(3); // 1 + 2 retries
  });

  it("honours a per-call maxRetries", async () => {
    const { server, client } = await setup((_req, res) =>
      json(res, 503, { error: "busy" }, { "retry-after-ms": "10" }),
    );
    await expect(client.models.list({ maxRetries: 0 })).rejects.toThrow(/busy/);
    expect(server.requests).toHaveLength(1);
  });

  it("never retries a 401", async () => {
    const { server, client } = await setup((_req, res) =>
      json(res, 401, { error: "invalid token", error_type: "authentication" }),
    );
    await expect(client.repos.list()).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.requests).toHaveLength(1);
  });

  it("never retries a 409 on a first attempt", async () => {
    const { server, client } = await setup((_req, res) =>
      json(res, 409, { error: "repo r already exists", error_type: "conflict" }),
    );
    await expect(client.repos.create({ name: "r" })).rejects.toBeInstanceOf(ConflictError);
    expect(server.requests).toHaveLength(1);
  });

  it("carries the request id and the parsed body on errors", async () => {
    const { client } = await setup((_req, res) =>
      json(
        res,
        429,
        { error: "Model is overloaded", error_type: "overloaded" },
        { "x-request-id": "req_42", "retry-after": "120" },
      ),
    );
    const err = await client.models.list({ maxRetries: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({
      status: 429,
      requestId: "req_42",
      errorType: "overloaded",
      method: "GET",
      path: "/v2/models",
    });
  });

  it("times out an attempt and retries it", async () => {
    const { server, client } = await setup(async (_req, res, i) => {
      if (i === 0) await sleepMs(500);
      json(res, 200, []);
    });
    await expect(client.models.list({ timeout: 150 })).resolves.toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it("throws APIConnectionTimeoutError when every attempt times out", async () => {
    const { client } = await setup(async (_req, res) => {
      await sleepMs(400);
      json(res, 200, []);
    });
    const err = await client.models.list({ timeout: 100, maxRetries: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionTimeoutError);
    expect((err as Error).message).toMatch(/timed out after 100 ms/);
  });

  it("aborts on the caller's signal, without retrying", async () => {
    const { server, client } = await setup(async (_req, res) => {
      await sleepMs(1000);
      json(res, 200, []);
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(client.models.list({ signal: controller.signal })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(Date.now() - started).toBeLessThan(900);
    expect(server.requests).toHaveLength(1);
  });

  it("aborts during the backoff sleep", async () => {
    const { client } = await setup((_req, res) => json(res, 503, { error: "busy" }, { "retry-after": "30" }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await expect(client.models.list({ signal: controller.signal })).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("reports a refused connection as APIConnectionError after retrying", async () => {
    const port = await freePort();
    const client = new Predibase({ apiToken: "pb_x", apiUrl: `http://127.0.0.1:${port}/v2` });
    cleanups.push(() => client.close());
    const err = await client.models.list({ maxRetries: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionError);
    expect((err as APIConnectionError).code).toBe("ECONNREFUSED");
  });

  it("rejects a 2xx body that is not JSON", async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>gateway</html>");
    });
    const err = await client.models.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIResponseValidationError);
    expect((err as Error).message).toMatch(/not valid JSON/);
  });

  it("names the path of a missing required field", async () => {
    const { client } = await setup((_req, res) =>
      json(res, 200, { data: [deployment(), deployment({ status: undefined })] }),
    );
    const err = await client.deployments.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIResponseValidationError);
    expect((err as APIResponseValidationError).issues[0]?.path).toBe("data[1].status");
    expect((err as Error).message).toContain("data[1].status");
  });

  it("passes unknown fields through and accepts null where the contract allows it", async () => {
    const { client } = await setup((_req, res) =>
      json(res, 200, deployment({ quantization: "fp8", description: null })),
    );
    const dep = await client.deployments.get("my-llm");
    expect(dep.description).toBeNull();
    expect((dep as Record<string, unknown>).quantization).toBe("fp8");
  });

  it.each([
    ["a bare array", [{ name: "r1" }]],
    ["{data:[…]}", { data: [{ name: "r1" }] }],
    ["{data:{repos:[…]}}", { data: { repos: [{ name: "r1" }] } }],
  ])("accepts a list as %s", async (_label, body) => {
    const { client } = await setup((_req, res) => json(res, 200, body));
    expect((await client.repos.list()).map((r) => r.name)).toEqual(["r1"]);
  });

  it("accepts a single object wrapped in {data:{…}}", async () => {
    const { client } = await setup((_req, res) => json(res, 200, { data: deployment({ status: "ready" }) }));
    expect((await client.deployments.get("my-llm")).status).toBe("ready");
  });

  it("logs requests and retries through the logger", async () => {
    const { client, lines } = await setup((_req, res, i) =>
      i === 0 ? json(res, 502, {}, { "retry-after-ms": "5" }) : json(res, 200, []),
    );
    await client.models.list();
    expect(lines.some((l) => /GET \/v2\/models → 502/.test(l))).toBe(true);
    expect(lines.some((l) => /retrying GET \/v2\/models/.test(l))).toBe(true);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
