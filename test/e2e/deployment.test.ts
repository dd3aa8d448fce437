// A Deployment's whole life through the real engine against the emulator: create and wait,
// no-op second up, in-place update of a provider-only input, replace on a platform field,
// refresh after drift and after out-of-band deletion, destroy.
import type { EngineEvent } from "@pulumi/pulumi/automation";
import * as predibase from "pulumi-predibase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, lastSeq, names, objects, predibaseStack, writesSince } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";

const HF_TOKEN = "hf_e2eSecretTokenValue123";
const settings = { accelerator: "a10_24gb_100", createTimeout: "30m", maxReplicas: 1 };

describe("Deployment through the engine", () => {
  let emu: RunningEmulator;
  let t: TestStack;

  beforeAll(async () => {
    emu = await emulator();
    t = await predibaseStack("e2e-deployment", emu, async () => {
      const d = new predibase.Deployment("llm", {
        name: "e2e-llm",
        baseModel: "llama-3-1-8b-instruct",
        accelerator: settings.accelerator,
        minReplicas: 0,
        maxReplicas: settings.maxReplicas,
        hfToken: HF_TOKEN,
        timeouts: { create: settings.createTimeout },
      });
      return {
        status: d.status,
        accelerator: d.accelerator,
        openaiBaseUrl: d.openaiBaseUrl,
        uuid: d.uuid,
        maxReplicas: d.maxReplicas,
      };
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("creates the deployment and waits until it is ready", async () => {
    const up = await t.stack.up();
    // minReplicas 0: scaled to zero after its idle period is serving too.
    expect(["ready", "standby"]).toContain(up.outputs.status?.value);
    expect(up.outputs.openaiBaseUrl?.value).toBe(
      `${emu.servingUrl}/${emu.tenantId}/deployments/v2/llms/e2e-llm/v1`,
    );
    expect(names(emu, "deployments")).toEqual(["e2e-llm"]);
    // The provider's progress reaches the user as one line per state, naming the resource.
    expect(up.stdout).toMatch(/Deployment e2e-llm: deployment e2e-llm is (ready|standby).* after \d+s/);
  });

  it("changes nothing on a second up", async () => {
    const seq = await lastSeq(emu);
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 2 });
    expect(await writesSince(emu, seq)).toEqual([]);
  });

  it("updates a provider-only input in place with no platform write", async () => {
    settings.createTimeout = "45m";
    const seq = await lastSeq(emu);
    const up = await t.stack.up();
    expect(up.summary.resourceChanges?.update).toBe(1);
    expect(await writesSince(emu, seq)).toEqual([]);
  });

  it("replaces the deployment when a platform field changes, deleting the old one first", async () => {
    settings.accelerator = "a100_80gb_100";
    const events: EngineEvent[] = [];
    const preview = await t.stack.preview({ onEvent: (e) => events.push(e) });
    expect(preview.changeSummary.replace).toBe(1);
    // Said as an engine warning on the resource: a serving deployment goes away first.
    expect(
      events.some(
        (e) =>
          e.diagnosticEvent?.severity === "warning" &&
          e.diagnosticEvent.urn?.endsWith("Deployment::llm") &&
          /deletes the serving deployment before its replacement exists/.test(e.diagnosticEvent.message),
      ),
    ).toBe(true);
    const seq = await lastSeq(emu);
    const up = await t.stack.up();
    expect(up.outputs.accelerator?.value).toBe("a100_80gb_100");
    const writes = await writesSince(emu, seq);
    expect(writes.map((w) => w.method)).toEqual(["DELETE", "POST"]);
    expect(names(emu, "deployments")).toEqual(["e2e-llm"]);
  });

  it("scales from 1 to 3 maxReplicas in place: one PUT, same uuid and URL, serving again", async () => {
    const before = await t.stack.outputs();
    settings.maxReplicas = 3;
    const preview = await t.stack.preview();
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    expect(preview.changeSummary.replace).toBeUndefined();
    const seq = await lastSeq(emu);
    const up = await t.stack.up();
    expect((await writesSince(emu, seq)).map((w) => `${w.method} ${w.path}`)).toEqual([
      "PUT /v2/deployments/e2e-llm",
    ]);
    expect(up.outputs.maxReplicas?.value).toBe(3);
    expect(up.outputs.uuid?.value).toBe(before.uuid?.value);
    expect(up.outputs.uuid?.value).toBeTruthy();
    expect(up.outputs.openaiBaseUrl?.value).toBe(before.openaiBaseUrl?.value);
    expect(["ready", "standby"]).toContain(up.outputs.status?.value);
  });

  it("takes drift into state on refresh, and the next up puts it back in place", async () => {
    await emu.control.patchObject("deployments", "e2e-llm", { max_replicas: 2 });
    const refresh = await t.stack.refresh();
    expect(refresh.summary.resourceChanges?.update).toBe(1);
    const state = t.stateResources().find((r) => r.type.endsWith(":Deployment"));
    expect(state?.outputs?.maxReplicas).toBe(2);
    const preview = await t.stack.preview();
    expect(preview.changeSummary.update).toBe(1);
    const seq = await lastSeq(emu);
    await t.stack.up();
    expect((await writesSince(emu, seq)).map((w) => w.method)).toEqual(["PUT"]);
    expect(objects(emu, "deployments")[0]?.max_replicas).toBe(3);
  });

  it("drops a deployment deleted out of band on refresh, and the next up recreates it", async () => {
    await emu.control.deleteObject("deployments", "e2e-llm");
    const refresh = await t.stack.refresh();
    expect(refresh.summary.resourceChanges?.delete).toBe(1);
    expect(t.stateResources().some((r) => r.type.endsWith(":Deployment"))).toBe(false);
    const up = await t.stack.up();
    expect(up.summary.resourceChanges?.create).toBe(1);
    expect(["ready", "standby"]).toContain(up.outputs.status?.value);
  });

  it("keeps the API token and the Hugging Face token out of the state file and the outputs", async () => {
    expect(t.stateText()).not.toContain(emu.apiToken);
    expect(t.stateText()).not.toContain(HF_TOKEN);
    const state = t.stateResources().find((r) => r.type.endsWith(":Deployment"));
    expect(Object.keys(state?.outputs ?? {})).not.toContain("hfToken");
    // The input is kept, encrypted.
    expect(JSON.stringify((state as { inputs?: Record<string, unknown> })?.inputs?.hfToken)).toContain(
      "ciphertext",
    );
  });

  it("destroys it and leaves the emulator with no deployment", async () => {
    const destroy = await t.stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
    expect(names(emu, "deployments")).toEqual([]);
    expect(t.stateResources().filter((r) => r.type.endsWith(":Deployment"))).toHaveLength(0);
  });
});
