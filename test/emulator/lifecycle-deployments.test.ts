import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { admin, api, serving, start } from "./helpers.js";

const create = (e: RunningEmulator, name: string, extra: object = {}) =>
  api(e, "POST", "/deployments", { name, base_model: "llama-3-1-8b-instruct", ...extra });
const get = async (e: RunningEmulator, name: string) => (await api(e, "GET", `/deployments/${name}`)).body;

describe("deployment lifecycle (manual clock)", () => {
  it("goes pending → initializing → ready on the default timings", async () => {
    const e = await start();
    const created = await create(e, "llm");
    expect(created.body).toMatchObject({
      status: "pending",
      current_replicas: 0,
      accelerator: "a10_24gb",
      error: null,
    });
    e.control.advance(29);
    expect((await get(e, "llm")).status).toBe("pending");
    e.control.advance(1);
    const initializing = await get(e, "llm");
    expect(initializing.status).toBe("initializing");
    expect(Date.parse(initializing.updated_at) - Date.parse(initializing.created_at)).toBe(30_000);
    e.control.advance(299);
    expect((await get(e, "llm")).status).toBe("initializing");
    e.control.advance(1);
    expect(await get(e, "llm")).toMatchObject({ status: "ready", current_replicas: 1 });
  });

  it("reports min_replicas as current replicas when ready and never idles to standby", async () => {
    const e = await start();
    await create(e, "warm", { min_replicas: 2, max_replicas: 3 });
    e.control.advance(330 + 10_000);
    expect(await get(e, "warm")).toMatchObject({ status: "ready", current_replicas: 2 });
  });

  it("drops an idle scale-to-zero deployment to standby and wakes it on a data-plane request", async () => {
    const e = await start();
    await create(e, "idle");
    e.control.advance(330 + 599);
    expect((await get(e, "idle")).status).toBe("ready");
    e.control.advance(1);
    expect(await get(e, "idle")).toMatchObject({ status: "standby", current_replicas: 0 });
    const served = await serving(e, "idle", "POST", "/generate", { inputs: "wake up" });
    expect(served.status).toBe(200);
    expect(await get(e, "idle")).toMatchObject({ status: "ready", current_replicas: 1 });
    e.control.advance(599);
    expect((await get(e, "idle")).status).toBe("ready");
    e.control.advance(1);
    expect((await get(e, "idle")).status).toBe("standby");
  });

  it("deletes through deleting, keeping the name taken until it is gone", async () => {
    const e = await start();
    await create(e, "doomed");
    e.control.advance(400);
    expect((await api(e, "DELETE", "/deployments/doomed")).body).toEqual({});
    expect(await get(e, "doomed")).toMatchObject({ status: "deleting", current_replicas: 0 });
    const retaken = await create(e, "doomed");
    expect(retaken.status).toBe(409);
    expect(retaken.body.error).toBe("deployment doomed already exists (status: deleting)");
    e.control.advance(20);
    expect((await api(e, "GET", "/deployments/doomed")).status).toBe(404);
    expect((await api(e, "GET", "/deployments")).body).toEqual({ data: [] });
    expect((await create(e, "doomed")).status).toBe(200);
  });

  it("uses per-instance durations", async () => {
    const e = await start({ durations: { deployment_pending: 5, deployment_initializing: 10 } });
    await create(e, "fast");
    e.control.advance(15);
    expect((await get(e, "fast")).status).toBe("ready");
  });

  it("reads every lifecycle as finished in immediate mode", async () => {
    const e = await start({ clock: "immediate" });
    expect((await create(e, "now")).body.status).toBe("ready");
    await api(e, "DELETE", "/deployments/now");
    expect((await api(e, "GET", "/deployments/now")).status).toBe(404);
  });

  it("runs on real time multiplied by the time scale in scaled mode", async () => {
    // 30 s pending + 300 s initializing at 1000x is about 330 ms of real time. min_replicas 1 keeps
    // it out of standby, so polling sees `ready` however late it looks (no timing window).
    const e = await start({ clock: "scaled", timeScale: 1_000 });
    const started = Date.now();
    await create(e, "scaled", { min_replicas: 1 });
    expect(["pending", "initializing"]).toContain((await get(e, "scaled")).status);
    let status = "";
    while (Date.now() - started < 5_000) {
      status = String((await get(e, "scaled")).status);
      if (status === "ready") break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe("ready");
    // A clock that ignored the scale would either never get there or be there at once.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });
});

describe("forced deployment failures", () => {
  it("errors the next created deployments while initializing", async () => {
    const e = await start();
    e.control.addFailure({ kind: "deployment", target: "*", message: "GPU quota exhausted" });
    await create(e, "broken");
    e.control.advance(29);
    expect((await get(e, "broken")).status).toBe("pending");
    e.control.advance(1);
    expect(await get(e, "broken")).toMatchObject({
      status: "errored",
      error: "GPU quota exhausted",
      current_replicas: 0,
    });
    e.control.advance(10_000);
    expect((await get(e, "broken")).status).toBe("errored");
    const notReady = await serving(e, "broken", "POST", "/generate", { inputs: "x" });
    expect(notReady.status).toBe(503);
    expect(notReady.body.error).toBe("Deployment broken is not ready (status: errored)");
  });

  it("strikes after_seconds into the phase and only hits the named deployment", async () => {
    const e = await start();
    e.control.addFailure({ kind: "deployment", target: "target", after_seconds: 100 });
    await create(e, "target");
    await create(e, "bystander");
    e.control.advance(129);
    expect((await get(e, "target")).status).toBe("initializing");
    e.control.advance(1);
    expect((await get(e, "target")).status).toBe("errored");
    expect((await get(e, "target")).error).toMatch(/injected/);
    e.control.advance(200);
    expect((await get(e, "bystander")).status).toBe("ready");
  });

  it("crashes an existing ready deployment, via HTTP, and DELETE /failures stops pending ones", async () => {
    const e = await start();
    await create(e, "running");
    e.control.advance(330);
    const attach = await admin(e, "POST", "/failures", {
      kind: "deployment",
      target: "running",
      message: "node lost",
    });
    expect(attach.body.attached_to).toBe("running");
    expect(await get(e, "running")).toMatchObject({ status: "errored", error: "node lost" });
    e.control.addFailure({ kind: "deployment", target: "*" });
    expect((await admin(e, "DELETE", "/failures")).body).toEqual({ ok: true });
    await create(e, "healthy");
    e.control.advance(330);
    expect((await get(e, "healthy")).status).toBe("ready");
  });
});
