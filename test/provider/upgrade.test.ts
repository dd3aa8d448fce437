// State written by the previous release still works: its stored `__provider` calls
// `dispatch(1, kind, method, args)`, and its outputs have the previous shape (every field the SDK
// returned, camelCased). Diff, refresh and delete through dispatch(1, …) against the emulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { dispatch } from "../../provider/runtime/index.js";
import { Predibase } from "../../sdk/index.js";
import { emulator, platformEnv } from "../support/platform.js";

describe("state written by the previous release", () => {
  let emu: RunningEmulator;
  let client: Predibase;
  beforeAll(async () => {
    emu = await emulator({ clock: "immediate" });
    Object.assign(process.env, platformEnv(emu));
    client = new Predibase({ apiToken: emu.apiToken, apiUrl: emu.apiUrl, wireFormat: emu.wire });
    await client.deployments.create({
      name: "old-llm",
      base_model: "llama-3-2-1b-instruct",
      max_replicas: 1,
    });
  });
  afterAll(async () => emu?.close());

  // Outputs as the previous release stored them for an auto-named deployment.
  const oldOutputs = () => ({
    name: "old-llm",
    uuid: "0000",
    baseModel: "llama-3-2-1b-instruct",
    accelerator: "a10_24gb_100",
    minReplicas: 0,
    maxReplicas: 1,
    currentReplicas: 0,
    status: "ready",
    description: null,
    createdAt: "2026-11-29T00:00:00Z",
    updatedAt: "2026-11-29T00:00:00Z",
    openaiBaseUrl: "http://x/v1",
    generateUrl: "http://x/generate",
    autoNameSeed: "proj/dev/llm",
    autoNamed: true,
    __provider: "exports.handler = (old serialized closure)",
  });

  it("diffs the unchanged program as no change", async () => {
    const news = {
      baseModel: "llama-3-2-1b-instruct",
      maxReplicas: 1,
      autoNameSeed: "proj/dev/llm",
      name: "old-llm",
      autoNamed: true,
    };
    const diff = (await dispatch(1, "Deployment", "diff", ["old-llm", oldOutputs(), news])) as {
      changes: boolean;
      replaces: string[];
    };
    expect(diff).toMatchObject({ changes: false, replaces: [] });
  });

  it("refreshes into the documented outputs", async () => {
    const read = (await dispatch(1, "Deployment", "read", ["old-llm", oldOutputs()])) as {
      id: string;
      props: Record<string, unknown>;
    };
    expect(read.id).toBe("old-llm");
    expect(read.props.name).toBe("old-llm");
    expect(read.props.autoNamed).toBe(true);
    expect(typeof read.props.status).toBe("string");
  });

  it("destroys it", async () => {
    await dispatch(1, "Deployment", "delete", ["old-llm", oldOutputs()]);
    await expect(client.deployments.get("old-llm")).rejects.toThrow();
  });

  it("refuses another protocol, naming what to install", async () => {
    await expect(dispatch(2, "Deployment", "read", ["x", {}])).rejects.toThrow(/provider protocol 2/);
  });
});
