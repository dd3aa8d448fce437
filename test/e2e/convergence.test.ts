// Replacements that converge (issue 13, item 1), through the real engine against the emulator:
// an auto-named deployment that failed, or drifted to failed, is replaced without colliding with
// itself; a failure seen while an update resumes a wait is recorded so the next `up` replaces;
// an input removed from the program is no reason to replace; an AdapterRepo's description is fixed
// at create (no repo update endpoint); replacements that lose trained work are engine warnings.
import type { EngineEvent } from "@pulumi/pulumi/automation";
import * as predibase from "pulumi-predibase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, lastSeq, names, predibaseStack, writesSince } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";

const deploymentState = (t: TestStack) => t.stateResources().find((r) => r.type.endsWith(":Deployment"));

/** The engine's warnings of a run, as the Automation API delivers them. */
function warningsOf(events: EngineEvent[]): Array<{ urn: string; message: string }> {
  return events
    .filter((e) => e.diagnosticEvent?.severity === "warning")
    .map((e) => ({ urn: e.diagnosticEvent?.urn ?? "", message: e.diagnosticEvent?.message ?? "" }));
}

describe("an auto-named deployment that fails", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  const settings: { description: string | undefined } = { description: "edge model" };

  beforeAll(async () => {
    emu = await emulator();
    t = await predibaseStack("e2e-converge", emu, async () => {
      const d = new predibase.Deployment("edge", {
        baseModel: "llama-3-2-1b-instruct",
        ...(settings.description === undefined ? {} : { description: settings.description }),
      });
      return { name: d.name, status: d.status };
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("fails the first up with the platform's reason and keeps it in state", async () => {
    await emu.control.addFailure({
      kind: "deployment",
      target: "*",
      count: 1,
      message: "CUDA out of memory",
    });
    await expect(t.stack.up()).rejects.toThrow(/CUDA out of memory/);
    expect(deploymentState(t)?.outputs?.status).toBe("errored");
  });

  it("is replaced by the next up under the same auto-name (old one deleted first), and converges", async () => {
    const name = String(deploymentState(t)?.id);
    expect(name).toMatch(/^edge-[0-9a-f]{7}$/);
    const events: EngineEvent[] = [];
    const preview = await t.stack.preview({ onEvent: (e) => events.push(e) });
    expect(preview.changeSummary.replace).toBe(1);
    // Said as an engine warning on the resource, not only on the provider's stdout.
    expect(warningsOf(events)).toContainEqual({
      urn: expect.stringMatching(/Deployment::edge$/),
      message: expect.stringMatching(/is errored.*it will be replaced/),
    });
    const seq = await lastSeq(emu);
    const up = await t.stack.up();
    expect(["ready", "standby"]).toContain(up.outputs.status?.value);
    expect((await writesSince(emu, seq)).map((w) => w.method)).toEqual(["DELETE", "POST"]);
    expect(names(emu, "deployments")).toEqual([name]);
    const again = await t.stack.preview();
    expect(again.changeSummary).toEqual({ same: 2 });
  });

  it("is replaced after refresh picks up a drift to failed, and converges", async () => {
    const name = String(deploymentState(t)?.id);
    emu.control.patchObject("deployments", name, { status: "errored", error: "node lost" });
    await t.stack.refresh();
    expect(deploymentState(t)?.outputs?.status).toBe("errored");
    const up = await t.stack.up();
    expect(["ready", "standby"]).toContain(up.outputs.status?.value);
    expect(names(emu, "deployments")).toEqual([name]);
    expect((await t.stack.preview()).changeSummary).toEqual({ same: 2 });
  });

  it("does not replace when an optional input is removed from the program", async () => {
    settings.description = undefined;
    const preview = await t.stack.preview();
    expect(preview.changeSummary.replace).toBeUndefined();
    const seq = await lastSeq(emu);
    await t.stack.up();
    expect(await writesSince(emu, seq)).toEqual([]);
  });
});

describe("a terminal failure while an update resumes the wait", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  beforeAll(async () => {
    emu = await emulator({ clock: "manual" });
    t = await predibaseStack("e2e-resume-fail", emu, async () => {
      const d = new predibase.Deployment("slow", {
        name: "resume-llm",
        baseModel: "llama-3-2-1b-instruct",
        timeouts: { create: "3s" },
      });
      return { status: d.status };
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("records the failed status in state, so the next up replaces it", async () => {
    await expect(t.stack.up()).rejects.toThrow(/did not finish to become ready within 3s/);
    expect(deploymentState(t)?.outputs?.status).toBe("pending");
    emu.control.patchObject("deployments", "resume-llm", { status: "errored", error: "image pull failed" });
    // The engine resumes the wait through update, which meets the failure.
    await expect(t.stack.up()).rejects.toThrow(/image pull failed/);
    expect(deploymentState(t)?.outputs?.status).toBe("errored");
    expect((await t.stack.preview()).changeSummary.replace).toBe(1);
    emu.control.setClock({ mode: "scaled", time_scale: 5_000 });
    const up = await t.stack.up();
    expect(["ready", "standby"]).toContain(up.outputs.status?.value);
    expect(names(emu, "deployments")).toEqual(["resume-llm"]);
    await t.stack.destroy();
  });
});

describe("an AdapterRepo with trained versions", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  const settings = { repoName: "kept-repo", description: "first" };
  beforeAll(async () => {
    emu = await emulator();
    t = await predibaseStack("e2e-repo-warn", emu, async () => {
      const repo = new predibase.AdapterRepo("repo", {
        name: settings.repoName,
        description: settings.description,
      });
      const data = new predibase.Dataset("data", { name: "warn-data" });
      const job = new predibase.FineTuningJob("job", {
        baseModel: "llama-3-2-1b-instruct",
        dataset: data.name,
        repo: repo.name,
      });
      return { adapterVersion: job.adapterVersion, description: repo.description };
    });
    await t.stack.up();
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("keeps the repo when its description changes: nothing replaced or written, a warning says so", async () => {
    settings.description = "second";
    const events: EngineEvent[] = [];
    const preview = await t.stack.preview({ onEvent: (e) => events.push(e) });
    expect(preview.changeSummary).toEqual({ same: 4 });
    expect(warningsOf(events)).toContainEqual({
      urn: expect.stringMatching(/AdapterRepo::repo$/),
      message: expect.stringMatching(/description cannot be changed after creation.*stays "first"/),
    });
    const seq = await lastSeq(emu);
    const up = await t.stack.up();
    expect(await writesSince(emu, seq)).toEqual([]);
    expect(up.outputs.description?.value).toBe("first");
  });

  it("warns in preview, as an engine warning on the repo, that a replacement deletes trained versions", async () => {
    settings.repoName = "renamed-repo";
    const events: EngineEvent[] = [];
    const preview = await t.stack.preview({ onEvent: (e) => events.push(e) });
    expect(preview.changeSummary.replace).toBe(2);
    expect(warningsOf(events)).toContainEqual({
      urn: expect.stringMatching(/AdapterRepo::repo$/),
      message: expect.stringMatching(/deletes it with its 1 trained adapter version\(s\) \(kept-repo\/1\)/),
    });
    // The CLI's own output (what a CI log shows) carries it as a warning too.
    expect(preview.stdout).toMatch(/warning: .*deletes it with its 1 trained adapter version/);
  });
});
