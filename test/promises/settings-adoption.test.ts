// README promises about configuration, functions and adoption, through the real engine:
// - "First found wins: stack config in the `predibase` namespace, then environment variables",
//   for resources (the provider's process) and for functions (the program's process);
// - `getModelsOutput()` is the Output form of the platform's base models;
// - `adoptExisting` takes over an object of the same name only with the same settings, and
//   refuses (changing nothing) when they differ.
import * as predibase from "pulumi-predibase";
import { Predibase } from "pulumi-predibase/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, lastSeq, objects, platformEnv, writesSince } from "../support/platform.js";
import { inlineStack, type TestStack } from "../support/stacks.js";

const settings: { withDeployment: boolean; accelerator: string } = {
  withDeployment: false,
  accelerator: "l40s_48gb_100",
};

describe("settings, getModelsOutput and adoptExisting", () => {
  let configured: RunningEmulator; // what the stack config names
  let decoy: RunningEmulator; // what the PREDIBASE_* environment names
  let t: TestStack;
  let made: { uuid: string | null | undefined; accelerator: string | null | undefined };
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    configured = await emulator({ clock: "immediate" });
    decoy = await emulator({ clock: "immediate" });
    // A deployment made outside the stack (the console, another tool) on the configured platform.
    const client = new Predibase({
      apiToken: configured.apiToken,
      apiUrl: configured.apiUrl,
      wireFormat: configured.wire,
    });
    const d = await client.deployments.create({
      name: "adopt-llm",
      base_model: "llama-3-2-1b-instruct",
      accelerator: "a10_24gb_100",
    });
    made = { uuid: d.uuid, accelerator: d.accelerator };
    await client.close();
    // The environment names the decoy, for the provider's process (the workspace's variables) and
    // for the program's (an inline program runs in this process).
    Object.assign(process.env, platformEnv(decoy));
    t = await inlineStack(
      "promise-settings",
      async () => {
        const repo = new predibase.AdapterRepo("repo", { name: "config-wins" });
        const out: Record<string, unknown> = {
          repo: repo.name,
          models: predibase.getModelsOutput().apply((ms) => ms.map((m) => m.name)),
          finetunable: predibase
            .getModelsOutput()
            .apply((ms) => ms.filter((m) => m.supports_finetuning).map((m) => m.name)),
        };
        if (settings.withDeployment) {
          const d = new predibase.Deployment("adopted", {
            name: "adopt-llm",
            baseModel: "llama-3-2-1b-instruct",
            accelerator: settings.accelerator,
            adoptExisting: true,
          });
          out.uuid = d.uuid;
        }
        return out;
      },
      platformEnv(decoy),
    );
    await t.stack.setAllConfig({
      "predibase:apiToken": { value: configured.apiToken, secret: true },
      "predibase:apiUrl": { value: configured.apiUrl },
      "predibase:servingUrl": { value: configured.servingUrl },
      "predibase:tenantId": { value: configured.tenantId },
      "predibase:wireFormat": { value: configured.wire },
    });
  });
  afterAll(async () => {
    process.env = savedEnv;
    await t?.dispose();
    await configured?.close();
    await decoy?.close();
  });

  it("uses the stack config over the environment, in the provider and in the program", async () => {
    const up = await t.stack.up();
    expect(up.outputs.repo?.value).toBe("config-wins");
    expect(objects(configured, "repos").map((r) => r.name)).toEqual(["config-wins"]);
    expect(objects(decoy, "repos")).toEqual([]);
    // Not a single call reached the platform the environment names: not the resource's, not the
    // functions' model list.
    expect(await decoy.control.requests()).toEqual([]);
  });

  it("getModelsOutput() resolves to the platform's base models", async () => {
    const client = new Predibase({
      apiToken: configured.apiToken,
      apiUrl: configured.apiUrl,
      wireFormat: configured.wire,
    });
    const models = await client.models.list();
    await client.close();
    const outputs = await t.stack.outputs();
    expect(models.length).toBeGreaterThan(3);
    expect(outputs.models?.value).toEqual(models.map((m) => m.name));
    expect(outputs.finetunable?.value).toEqual(
      models.filter((m) => m.supports_finetuning).map((m) => m.name),
    );
    const finetunable = (outputs.finetunable?.value ?? []) as string[];
    expect(finetunable.length).toBeLessThan(models.length);
  });

  it("refuses to adopt a deployment whose settings differ, naming the field, and changes nothing", async () => {
    settings.withDeployment = true;
    settings.accelerator = "l40s_48gb_100";
    const seq = await lastSeq(configured);
    const err = await t.stack.up().catch((e: unknown) => e);
    expect(String(err)).toMatch(/adopt-llm/);
    expect(String(err)).toMatch(/accelerator/);
    expect(String(err)).toMatch(/a10_24gb_100/);
    // Only the create attempt that met the name; no update, no delete.
    const writes = (await writesSince(configured, seq)).map((w) => w.method);
    expect(writes.every((m) => m === "POST")).toBe(true);
    const dep = objects(configured, "deployments").find((d) => d.name === "adopt-llm");
    expect(dep?.uuid).toBe(made.uuid);
    expect(t.stateResources().some((r) => r.type.endsWith(":Deployment"))).toBe(false);
  });

  it("adopts it when the settings match: same object, nothing created", async () => {
    settings.accelerator = String(made.accelerator);
    const up = await t.stack.up();
    expect(up.outputs.uuid?.value).toBe(made.uuid);
    expect(objects(configured, "deployments").map((d) => d.name)).toEqual(["adopt-llm"]);
    expect(t.stateResources().find((r) => r.type.endsWith(":Deployment"))?.id).toBe("adopt-llm");
  });
});
