import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { admin, api, seedReady, serving, start } from "./helpers.js";

const listRepos = async (e: RunningEmulator) => (await api(e, "GET", "/repos")).body.data.repos;

describe("status faults", () => {
  it("answers 429 with Retry-After and the rate_limit body, then expires after count", async () => {
    const e = await start();
    e.control.addFaults([
      { kind: "status", status: 429, retry_after: 7, path: "^/repos$", method: "POST", count: 1 },
    ]);
    const limited = await api(e, "POST", "/repos", { name: "r" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.body).toEqual({ error: expect.stringMatching(/rate limit/i), error_type: "rate_limit" });
    expect(limited.headers.get("x-request-id")).toMatch(/^req_/);
    // Faults strike before handling: the rate-limited create created nothing.
    expect(await listRepos(e)).toEqual([]);
    expect((await api(e, "POST", "/repos", { name: "r" })).status).toBe(200);
    expect(e.control.faults()).toEqual([]);
  });

  it("returns 5xx for exactly the next N matching calls", async () => {
    const e = await start();
    await admin(e, "POST", "/faults", {
      rules: [{ kind: "status", status: 503, plane: "control", count: 2 }],
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await api(e, "GET", "/models")).status);
    expect(statuses).toEqual([503, 503, 200]);
    const body = (await admin(e, "GET", "/faults")).body;
    expect(body).toEqual({ rules: [] });
  });

  it("filters by method, plane and path", async () => {
    const e = await start();
    seedReady(e);
    e.control.addFaults([
      { kind: "status", status: 500, method: "DELETE" },
      { kind: "status", status: 502, plane: "data", path: "/generate$" },
    ]);
    expect((await api(e, "GET", "/models")).status).toBe(200);
    expect((await api(e, "DELETE", "/repos/x")).status).toBe(500);
    const bad = await serving(e, "llm", "POST", "/generate", { inputs: "x" });
    expect(bad.status).toBe(502);
    expect(bad.body.error_type).toBe("server");
    expect((await serving(e, "llm", "POST", "/generate_stream", { inputs: "x" })).status).toBe(200);
    await admin(e, "DELETE", "/faults");
    expect((await serving(e, "llm", "POST", "/generate", { inputs: "x" })).status).toBe(200);
  });

  it("handles the request first with after: true, simulating a lost response", async () => {
    const e = await start();
    e.control.addFaults([{ kind: "status", status: 500, after: true, count: 1, path: "^/repos$" }]);
    const lost = await api(e, "POST", "/repos", { name: "kept" });
    expect(lost.status).toBe(500);
    expect((await listRepos(e)).map((r: { name: string }) => r.name)).toEqual(["kept"]);
    expect((await api(e, "POST", "/repos", { name: "kept" })).status).toBe(409);
  });
});

describe("connection faults", () => {
  it("resets the connection without a response (fetch rejects), creating nothing", async () => {
    const e = await start();
    e.control.addFaults([{ kind: "reset", path: "^/repos$", count: 1 }]);
    await expect(api(e, "POST", "/repos", { name: "r" })).rejects.toThrow();
    expect(await listRepos(e)).toEqual([]);
    expect(e.control.requests().at(-2)).toMatchObject({ status: 0, fault: "reset", path: "/v2/repos" });
  });

  it("resets after handling with after: true", async () => {
    const e = await start();
    await api(e, "POST", "/datasets", { name: "d" });
    e.control.addFaults([
      { kind: "reset", after: true, path: "^/finetuning/jobs$", method: "POST", count: 1 },
    ]);
    const body = { base_model: "qwen3-8b", dataset: "d" };
    await expect(api(e, "POST", "/finetuning/jobs", body)).rejects.toThrow();
    expect((await api(e, "GET", "/finetuning/jobs")).body.data.jobs).toHaveLength(1);
  });

  it("delays by delay_ms, then answers normally", async () => {
    const e = await start();
    e.control.addFaults([{ kind: "delay", delay_ms: 150, path: "^/models$", count: 1 }]);
    const started = Date.now();
    const res = await api(e, "GET", "/models");
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const quick = Date.now();
    await api(e, "GET", "/models");
    expect(Date.now() - quick).toBeLessThan(140);
  });
});

describe("probabilistic faults", () => {
  async function pattern(seed: number): Promise<number[]> {
    const e = await start({ seed });
    e.control.addFaults([{ kind: "status", status: 500, probability: 0.5 }]);
    const statuses = [];
    for (let i = 0; i < 24; i++) statuses.push((await api(e, "GET", "/models")).status);
    return statuses;
  }

  it("hits the same calls for the same seed, and both outcomes occur", async () => {
    const a = await pattern(42);
    const b = await pattern(42);
    expect(a).toEqual(b);
    expect(a).toContain(500);
    expect(a).toContain(200);
    expect(await pattern(7)).not.toEqual(a);
  });

  it("rejects invalid rules with 422 naming the field", async () => {
    const e = await start();
    const res = await admin(e, "POST", "/faults", { rules: [{ kind: "status", status: 200 }] });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatch(/^rules\[0\]\.status/);
    expect(
      (await admin(e, "POST", "/faults", { rules: [{ kind: "delay", delay_ms: 1, path: "(" }] })).status,
    ).toBe(422);
    expect((await admin(e, "POST", "/faults", { rules: [{ kind: "explode" }] })).body.error).toMatch(/kind/);
  });
});
