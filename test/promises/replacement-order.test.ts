// README: "With a name you fixed, the old object is deleted first (names are unique); an auto-named
// one is created under a new name before the old one goes." Through the engine, read from the
// order of the platform's writes (the emulator's request log).
import * as predibase from "pulumi-predibase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, lastSeq, names, predibaseStack, writesSince } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";

const settings: { name?: string; baseModel: string } = { baseModel: "llama-3-2-1b-instruct" };

describe("the order of a replacement's writes", () => {
  let emu: RunningEmulator;
  let t: TestStack;

  beforeAll(async () => {
    emu = await emulator({ clock: "immediate" });
    t = await predibaseStack("promise-replace-order", emu, async () => {
      const d = new predibase.Deployment("llm", {
        ...(settings.name === undefined ? {} : { name: settings.name }),
        baseModel: settings.baseModel,
      });
      return { name: d.name };
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  /** The writes of one `up`, as "POST <name>" / "DELETE <name>". */
  async function writesOfUp(): Promise<{ name: string; writes: string[] }> {
    const seq = await lastSeq(emu);
    const up = await t.stack.up();
    const writes = (await writesSince(emu, seq)).map(
      (w) => `${w.method} ${w.method === "DELETE" ? w.path.split("/").pop() : "new"}`,
    );
    return { name: String(up.outputs.name?.value), writes };
  }

  it("creates an auto-named replacement under a new name before deleting the old one", async () => {
    const first = await writesOfUp();
    expect(first.name).toMatch(/^llm-[0-9a-f]{7}$/);
    settings.baseModel = "qwen3-8b";
    const second = await writesOfUp();
    expect(second.name).toMatch(/^llm-[0-9a-f]{7}$/);
    expect(second.name).not.toBe(first.name);
    expect(second.writes).toEqual(["POST new", `DELETE ${first.name}`]);
    expect(names(emu, "deployments")).toEqual([second.name]);
  });

  it("deletes a fixed-name deployment before creating its replacement", async () => {
    settings.name = "fixed-llm";
    await writesOfUp();
    settings.baseModel = "llama-3-2-1b-instruct";
    const replaced = await writesOfUp();
    expect(replaced.name).toBe("fixed-llm");
    expect(replaced.writes).toEqual(["DELETE fixed-llm", "POST new"]);
    expect(names(emu, "deployments")).toEqual(["fixed-llm"]);
  });
});
