// Nothing orphaned, on any error (issue 13, item 2): from the moment the platform has the
// deployment, every failure while waiting for it leaves it in state with its id and last known
// status, and the next `up` resumes (no second create). Faults are injected into the emulator's
// answers mid-wait (see test/emulator/faults.test.ts).
import * as predibase from "pulumi-predibase";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, names, predibaseStack } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";

const NAME = "orphan-llm";

const deploymentState = (t: TestStack) => t.stateResources().find((r) => r.type.endsWith(":Deployment"));
const creates = async (emu: RunningEmulator) =>
  (await emu.control.requests()).filter(
    (r: { method: string; path: string }) => r.method === "POST" && /\/deployments$/.test(r.path),
  ).length;

describe("errors while waiting for a deployment", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  const settings = { deleteOnFailure: false };

  beforeAll(async () => {
    // A manual clock: the deployment stays pending until the test lets time run.
    emu = await emulator({ clock: "manual" });
    t = await predibaseStack("e2e-no-orphans", emu, async () => {
      const d = new predibase.Deployment("llm", {
        name: NAME,
        baseModel: "llama-3-2-1b-instruct",
        deleteOnFailure: settings.deleteOnFailure,
        timeouts: { create: "3s" },
      });
      return { status: d.status };
    });
  });
  afterEach(() => emu.control.clearFaults());
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  /**
   * The up fails as `expected` once `inject` ran (after the deployment exists, while the provider
   * waits for it); the deployment is in state with its id and `status`; the next up resumes.
   */
  async function keptThenResumed(inject: () => void, expected: RegExp, status: unknown): Promise<void> {
    const before = await creates(emu);
    const failing = t.stack.up();
    // The create's own read-back and the wait's first poll have gone by: the provider is waiting.
    const seen = await reads(emu);
    await waitForAsync(async () => (await reads(emu)) >= seen + 2);
    inject();
    await expect(failing).rejects.toThrow(expected);
    const kept = deploymentState(t);
    expect(kept?.id).toBe(NAME);
    expect(kept?.outputs?.status).toEqual(status);
    expect(names(emu, "deployments")).toEqual([NAME]);
    emu.control.clearFaults();
    emu.control.patchObject("deployments", NAME, { status: "ready" });
    const up = await t.stack.up();
    expect(up.outputs.status?.value).toBe("ready");
    expect(await creates(emu)).toBe(before + 1);
    await destroy();
  }

  /** Deleting takes emulated time: the clock runs for destroy, then stops again. */
  async function destroy(): Promise<void> {
    emu.control.setClock({ mode: "scaled", time_scale: 5_000 });
    await t.stack.destroy();
    expect(names(emu, "deployments")).toEqual([]);
    emu.control.setClock({ mode: "manual" });
  }

  for (const status of [401, 403, 404, 422]) {
    it(`keeps it in state on a ${status} during the wait`, async () => {
      await keptThenResumed(
        () =>
          emu.control.addFaults([
            { kind: "status", status, method: "GET", path: `/deployments/${NAME}$`, count: 1 },
          ]),
        new RegExp(
          `waiting to become ready stopped on an error: .*HTTP ${status}[\\s\\S]*stays in the stack`,
        ),
        "pending",
      );
    });
  }

  it("keeps it in state when the create's own read-back fails after the platform accepted it", async () => {
    const before = await creates(emu);
    emu.control.addFaults([
      { kind: "status", status: 401, method: "GET", path: `/deployments/${NAME}$`, count: 1 },
    ]);
    await expect(t.stack.up()).rejects.toThrow(/HTTP 401[\s\S]*created on Predibase and stays in the stack/);
    expect(deploymentState(t)?.id).toBe(NAME);
    expect(deploymentState(t)?.outputs?.status).toBe("pending");
    emu.control.patchObject("deployments", NAME, { status: "ready" });
    const up = await t.stack.up();
    expect(up.outputs.status?.value).toBe("ready");
    expect(await creates(emu)).toBe(before + 1);
    await destroy();
  });

  it("keeps it in state when a response fails validation", async () => {
    // A status that is not a string: the SDK's schema rejects the response.
    await keptThenResumed(
      () => emu.control.patchObject("deployments", NAME, { status: 42 }),
      /waiting to become ready stopped on an error[\s\S]*stays in the stack/,
      "pending",
    );
  });

  it("keeps it in state with the status it has when the platform answers an unexpected status", async () => {
    await keptThenResumed(
      () => emu.control.patchObject("deployments", NAME, { status: "hibernating" }),
      /did not finish to become ready within 3s \(last seen: .*hibernating/,
      "hibernating",
    );
  });

  it("keeps a failed deployment in state when deleteOnFailure cannot delete it", async () => {
    settings.deleteOnFailure = true;
    emu.control.setClock({ mode: "scaled", time_scale: 5_000 });
    await emu.control.addFailure({ kind: "deployment", target: NAME, message: "no capacity" });
    emu.control.addFaults([{ kind: "status", status: 403, method: "DELETE", path: `/deployments/${NAME}$` }]);
    await expect(t.stack.up()).rejects.toThrow(/no capacity[\s\S]*deleteOnFailure could not delete it/);
    expect(deploymentState(t)?.id).toBe(NAME);
    expect(deploymentState(t)?.outputs?.status).toBe("errored");
    emu.control.clearFaults();
    // The next up replaces the failed deployment (deleting it first: the name is fixed).
    const up = await t.stack.up();
    expect(["ready", "standby"]).toContain(up.outputs.status?.value);
    expect(names(emu, "deployments")).toEqual([NAME]);
    await destroy();
  });
});

const reads = async (emu: RunningEmulator) =>
  (await emu.control.requests()).filter(
    (r: { method: string; path: string }) => r.method === "GET" && r.path.endsWith(`/deployments/${NAME}`),
  ).length;

async function waitForAsync(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}
