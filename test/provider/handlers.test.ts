// The provider's methods called directly (as the dynamic-provider host calls them) against the
// emulator: naming, check failures, diff decisions, read of a gone object.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { handlers, UNKNOWN } from "../../provider/runtime/index.js";
import { emulator, platformEnv } from "../support/platform.js";

const seed = { autoNameSeed: "proj/dev/llm" };

describe("provider methods against the emulator", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await emulator({ clock: "immediate" });
    Object.assign(process.env, platformEnv(emu));
  });
  afterAll(async () => emu?.close());

  const deployment = handlers.Deployment;
  if (!deployment) throw new Error("no Deployment handler");

  it("auto-names from the logical name, the same in every preview", async () => {
    const a = await deployment.check({}, { ...seed, baseModel: "qwen3-8b" });
    const b = await deployment.check({}, { ...seed, baseModel: "qwen3-8b" });
    expect(a.inputs?.name).toMatch(/^llm-[0-9a-f]{7}$/);
    expect(b.inputs?.name).toBe(a.inputs?.name);
    expect(a.failures).toEqual([]);
  });

  it("keeps the old auto-name on an update and picks a new one for a replacement", async () => {
    const first = (await deployment.check({}, { ...seed, baseModel: "qwen3-8b" })).inputs ?? {};
    const update = await deployment.check(first, { ...seed, baseModel: "qwen3-8b", waitForReady: false });
    expect(update.inputs?.name).toBe(first.name);
    const replace = await deployment.check(first, { ...seed, baseModel: "llama-3-1-8b-instruct" });
    expect(replace.inputs?.name).not.toBe(first.name);
  });

  it("leaves an auto-name unknown while the inputs it derives from are unknown", async () => {
    const r = await deployment.check({}, { ...seed, baseModel: UNKNOWN });
    expect(r.inputs?.name).toBe(UNKNOWN);
    expect(r.failures).toEqual([]);
  });

  it("diff: platform field replaces, provider-only input updates, server defaults are no change", async () => {
    const olds = {
      name: "d",
      baseModel: "qwen3-8b",
      accelerator: "a10_24gb_100",
      autoNamed: false,
      waitForReady: true,
    };
    const same = await deployment.diff("d", olds, {
      name: "d",
      baseModel: "qwen3-8b",
      autoNamed: false,
      waitForReady: true,
    });
    expect(same).toMatchObject({ changes: false, replaces: [] });
    const provider = await deployment.diff("d", olds, { ...olds, waitForReady: false });
    expect(provider).toMatchObject({ changes: true, replaces: [] });
    const platform = await deployment.diff("d", olds, { ...olds, accelerator: "a100_80gb_100" });
    expect(platform).toMatchObject({ changes: true, replaces: ["accelerator"], deleteBeforeReplace: true });
    const failed = await deployment.diff("d", { ...olds, status: "errored" }, olds);
    expect(failed.replaces).toEqual(["status"]);
  });

  it("an auto-named replacement is created before the old one is deleted", async () => {
    const olds = { name: "llm-1111111", baseModel: "qwen3-8b", autoNamed: true };
    const d = await deployment.diff("llm-1111111", olds, {
      name: "llm-2222222",
      baseModel: "llama-3-1-8b-instruct",
      autoNamed: true,
    });
    expect(d.deleteBeforeReplace).toBe(false);
  });

  it("read of an object deleted out of band returns no id, so refresh drops it", async () => {
    const repos = handlers.AdapterRepo;
    expect(await repos?.read("never-made", { name: "never-made" })).toEqual({});
  });

  it("create fails before any write when a value known only at create is invalid", async () => {
    const before = emu.control.requests().filter((r) => r.method === "POST").length;
    await expect(
      deployment.create({ name: "late", baseModel: "llama-3-3-70b-instruct", accelerator: "a10_24gb_100" }),
    ).rejects.toThrow(/invalid Deployment inputs:\n {2}accelerator: accelerator "a10_24gb_100" has 24 GB/);
    expect(emu.control.requests().filter((r) => r.method === "POST").length).toBe(before);
  });

  it("without a token, check fails naming both ways to give one", async () => {
    const saved = process.env.PREDIBASE_API_TOKEN;
    delete process.env.PREDIBASE_API_TOKEN;
    try {
      const r = await deployment.check({}, { ...seed, baseModel: "qwen3-8b" });
      expect(r.failures?.[0]?.property).toBe("baseModel");
      expect(r.failures?.[0]?.reason).toMatch(
        /no Predibase API token: set it with `pulumi config set --secret predibase:apiToken <token>` or the PREDIBASE_API_TOKEN environment variable/,
      );
    } finally {
      process.env.PREDIBASE_API_TOKEN = saved;
    }
  });
});
