// README promises about a Deployment, through the real engine against the emulator (manual
// clock: emulated time moves only when a test says so):
// - "A deployment with `minReplicas > 0` gets a warning that it bills while idle" (at preview);
// - `waitForReady: false`: the create returns without waiting for the deployment to serve;
// - "Progress reaches the console, one line per state change and otherwise at most once a minute".
import * as predibase from "pulumi-predibase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, objects, predibaseStack } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";
import { diagnostics, recorder, warnings } from "./events.js";

interface Settings {
  name: string;
  minReplicas?: number;
  maxReplicas?: number;
  waitForReady?: boolean;
  createTimeout?: string;
}

describe("Deployment promises", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  let settings: Settings = { name: "idle-llm" };

  beforeAll(async () => {
    emu = await emulator({ clock: "manual" });
    t = await predibaseStack("promise-deployment", emu, async () => {
      const d = new predibase.Deployment("llm", {
        name: settings.name,
        baseModel: "llama-3-2-1b-instruct",
        ...(settings.minReplicas === undefined ? {} : { minReplicas: settings.minReplicas }),
        ...(settings.maxReplicas === undefined ? {} : { maxReplicas: settings.maxReplicas }),
        ...(settings.waitForReady === undefined ? {} : { waitForReady: settings.waitForReady }),
        ...(settings.createTimeout === undefined ? {} : { timeouts: { create: settings.createTimeout } }),
      });
      return { status: d.status };
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  const idleWarnings = (run: ReturnType<typeof recorder>) =>
    warnings(run.events).filter((w) => /idle/i.test(w.message) && /bill/i.test(w.message));

  it("warns at preview that a deployment with minReplicas > 0 bills while idle, naming it", async () => {
    settings = { name: "idle-llm", minReplicas: 1, maxReplicas: 2 };
    const run = recorder();
    const preview = await t.stack.preview({ onEvent: run.onEvent });
    expect(preview.changeSummary.create).toBe(2);
    const found = idleWarnings(run);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((w) => w.message.includes("idle-llm") || w.urn.endsWith("Deployment::llm"))).toBe(true);
    expect(objects(emu, "deployments")).toEqual([]);
  });

  it("gives no idle-billing warning to a deployment that scales to zero", async () => {
    settings = { name: "idle-llm", minReplicas: 0, maxReplicas: 2 };
    const run = recorder();
    await t.stack.preview({ onEvent: run.onEvent });
    expect(idleWarnings(run)).toEqual([]);
  });

  it("waitForReady: false returns while the deployment is still pending", async () => {
    // Emulated time stands still: a create that waited would time out after 3 s instead.
    settings = { name: "nowait-llm", waitForReady: false, createTimeout: "3s" };
    const up = await t.stack.up();
    expect(up.outputs.status?.value).toBe("pending");
    expect(objects(emu, "deployments").map((d) => [d.name, d.status])).toEqual([["nowait-llm", "pending"]]);
  });

  it("prints one progress line per state change, not one per poll", async () => {
    // A fresh deployment, waited for 8 s of real time on a clock that moves once: pending for
    // about half the wait, then initializing. The waiter polls about every second meanwhile, and
    // each poll reports progress; the console gets a line only when the state changes.
    settings = { name: "slow-llm", createTimeout: "8s" };
    const run = recorder();
    let advance: NodeJS.Timeout | undefined;
    const onEvent: typeof run.onEvent = (e) => {
      run.onEvent(e);
      // 3.5 s after the first progress line (the wait has begun), pending ends.
      if (!advance && /slow-llm is pending/.test(e.diagnosticEvent?.message ?? "")) {
        advance = setTimeout(() => emu.control.advance(31), 3_500);
      }
    };
    const failed = await t.stack.up({ onEvent }).catch((e: unknown) => e);
    clearTimeout(advance);
    expect(String(failed)).toMatch(/did not finish to become ready within 8s/);
    const gets = (await emu.control.requests()).filter(
      (r: { method: string; path: string }) => r.method === "GET" && r.path.endsWith("/deployments/slow-llm"),
    );
    expect(gets.length).toBeGreaterThanOrEqual(5);
    const progress = diagnostics(run.events)
      .map((d) => d.message.trim())
      .filter((m) => /slow-llm/.test(m) && /elapsed\)$/.test(m));
    expect(progress).toHaveLength(2);
    expect(progress[0]).toMatch(/pending/);
    expect(progress[1]).toMatch(/initializing/);
  });
});
