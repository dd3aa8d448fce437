import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { Predibase, PredibaseConfigError } from "../../sdk/index.js";
import { startWithClient } from "./helpers/emulator.js";
import { json, startTestServer } from "./helpers/server.js";

const TOKEN = "pb_SUPER_secret_4b1d";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Every way a value may end up in a log: JSON, util.inspect (deep, hidden too), String, stack. */
function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: 10, showHidden: true, getters: true }), inspect(value, { depth: 10 })];
  try {
    out.push(JSON.stringify(value) ?? "");
  } catch {
    // circular: inspect already covers it
  }
  if (value instanceof Error) out.push(String(value), value.stack ?? "", value.message);
  return out;
}

/** What `fn` throws, or undefined when it returns. */
function captureThrow(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe("the API token never leaks", () => {
  it("is absent from the client, its resources and data-plane handles", async () => {
    const client = new Predibase({ apiToken: TOKEN, apiUrl: "http://127.0.0.1:9/v2", tenantId: "t" });
    cleanups.push(() => client.close());
    const dep = client.deployment("d");
    for (const value of [
      client,
      client.repos,
      client.deployments,
      client.finetuning,
      dep,
      dep.chat,
      Object.entries(client),
    ]) {
      for (const text of renderings(value)) expect(text).not.toContain(TOKEN);
    }
    expect(JSON.stringify(client)).toContain("[redacted]");
  });

  it("is absent from HTTP errors, connection errors and log lines, even when the server echoes it", async () => {
    const server = await startTestServer((req, res, i) => {
      const echoed = `invalid token: ${req.headers.authorization}`;
      if (i === 0) json(res, 401, { error: echoed, error_type: "authentication" });
      else if (i === 1) json(res, 500, { error: echoed }, { "retry-after-ms": "1" });
      else res.socket?.destroy();
    });
    const lines: string[] = [];
    const client = new Predibase({
      apiToken: TOKEN,
      apiUrl: `${server.url}/v2`,
      servingUrl: server.url,
      tenantId: "t",
      logger: (l) => lines.push(l),
    });
    cleanups.push(async () => {
      await client.close();
      await server.close();
    });
    const errors: unknown[] = [];
    errors.push(await client.repos.list().catch((e: unknown) => e)); // 401, echoed
    errors.push(await client.repos.list({ maxRetries: 1 }).catch((e: unknown) => e)); // 500 then reset
    errors.push(
      await client
        .deployment("d")
        .generate({ inputs: "x" }, { maxRetries: 0 })
        .catch((e: unknown) => e),
    );
    for (const err of errors) {
      expect(err).toBeInstanceOf(Error);
      for (const text of renderings(err)) expect(text).not.toContain(TOKEN);
    }
    expect((errors[0] as Error).message).toContain("[redacted]");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain(TOKEN);
  });

  it("is absent from configuration errors", () => {
    // The constructor must refuse the URL; the error is caught outside any try around an
    // assertion, so a constructor that accepts the URL fails this test instead of passing it.
    const err = captureThrow(() => new Predibase({ apiToken: TOKEN, apiUrl: "not a url" }));
    expect(err).toBeInstanceOf(PredibaseConfigError);
    expect((err as Error).message).toMatch(/apiUrl/);
    for (const text of renderings(err)) expect(text).not.toContain(TOKEN);
  });

  it("is absent from everything the client produces against the emulator", async () => {
    const ctx = await startWithClient({ clock: "immediate" });
    cleanups.push(() => ctx.close());
    const token = ctx.emulator.apiToken;
    const errors = await Promise.all([
      ctx.client.repos.get("missing").catch((e: unknown) => e),
      ctx.client.repos.create({ name: "Bad Name" }).catch((e: unknown) => e),
      ctx.client
        .deployment("missing")
        .generate({ inputs: "x" })
        .catch((e: unknown) => e),
      ctx.client.models.get("missing").catch((e: unknown) => e),
    ]);
    for (const value of [ctx.client, ...errors]) {
      for (const text of renderings(value)) expect(text).not.toContain(token);
    }
    for (const line of ctx.lines) expect(line).not.toContain(token);
  });
});
