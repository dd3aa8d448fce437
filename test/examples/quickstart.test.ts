// The quickstart as users run it: the root Pulumi.yaml program on disk, run by the engine through
// the CLI's language host (not an inline program), configured from PREDIBASE_* variables; then the
// official `openai` package queries the trained adapter through the deployment's openaiBaseUrl.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { engineBinDir, offlinePulumiEnv, repoRoot } from "../../scripts/engine-env.mjs";
import { emulator, names, platformEnv } from "../support/platform.js";
import { newWorkDir } from "../support/stacks.js";

describe("the quickstart (root Pulumi.yaml) through the engine", () => {
  let emu: RunningEmulator;
  let stack: Stack;
  let dir: string;
  const stackName = `quickstart-test-${process.pid}`;

  beforeAll(async () => {
    emu = await emulator({ timeScale: 2_000 });
    dir = newWorkDir("quickstart");
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName, workDir: repoRoot },
      {
        envVars: offlinePulumiEnv(dir, platformEnv(emu)),
        pulumiCommand: await PulumiCommand.get({ root: dirname(engineBinDir()) }),
      },
    );
  });
  afterAll(async () => {
    await stack?.workspace.removeStack(stackName).catch(() => undefined);
    rmSync(join(repoRoot, `Pulumi.${stackName}.yaml`), { force: true });
    rmSync(dir, { recursive: true, force: true });
    await emu?.close();
  });

  it("trains the adapter and serves the base model, with the outputs a user needs", async () => {
    const up = await stack.up();
    const adapter = String(up.outputs.adapterVersion?.value);
    expect(adapter).toMatch(/^support-adapters-[0-9a-f]{7}\/1$/);
    const deployment = String(up.outputs.deploymentName?.value);
    expect(up.outputs.openaiBaseUrl?.value).toBe(
      `${emu.servingUrl}/${emu.tenantId}/deployments/v2/llms/${deployment}/v1`,
    );
    expect(up.outputs.querySnippet?.value).toContain(`"model": "${adapter}"`);
    expect(up.outputs.querySnippet?.value).toContain("$PREDIBASE_API_TOKEN");
    expect(up.outputs.querySnippet?.value).not.toContain(emu.apiToken);
  });

  it("answers the official openai client through openaiBaseUrl, with the adapter, streamed or not", async () => {
    const outputs = await stack.outputs();
    const openai = new OpenAI({ baseURL: String(outputs.openaiBaseUrl?.value), apiKey: emu.apiToken });
    const model = String(outputs.adapterVersion?.value);
    const messages = [{ role: "user" as const, content: "Where is my order?" }];
    const reply = await openai.chat.completions.create({ model, messages, max_tokens: 12 });
    const text = reply.choices[0]?.message.content ?? "";
    expect(text.split(" ").length).toBeGreaterThan(3);
    const base = await openai.chat.completions.create({ model: "", messages, max_tokens: 12 });
    expect(base.choices[0]?.message.content).not.toBe(text); // the adapter changes the answer
    let streamed = "";
    for await (const chunk of await openai.chat.completions.create({
      model,
      messages,
      max_tokens: 12,
      stream: true,
    })) {
      streamed += chunk.choices[0]?.delta?.content ?? "";
    }
    expect(streamed.trim()).toBe(text.trim());
  });

  it("changes nothing on a second up", async () => {
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 5 });
  });

  it("destroys, leaving no deployment or repo on the platform", async () => {
    await stack.destroy();
    expect(names(emu, "deployments")).toEqual([]);
    expect(names(emu, "repos")).toEqual([]);
  });

  it("comes back after a destroy, taking back the dataset the API could not delete", async () => {
    expect(names(emu, "datasets")).toHaveLength(1); // left on the platform by the destroy
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 5 });
    expect(up.stdout).toMatch(/Dataset "support-tickets-[0-9a-f]{7}" already exists .*adopted/);
    expect(String(up.outputs.adapterVersion?.value)).toMatch(/^support-adapters-[0-9a-f]{7}\/1$/);
    await stack.destroy();
    expect(names(emu, "deployments")).toEqual([]);
    expect(names(emu, "repos")).toEqual([]);
  });
});
