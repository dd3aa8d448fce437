// `pulumi destroy` then `pulumi up` of a stack with a Dataset: the API cannot delete datasets, so
// destroy leaves it on the platform and the next up meets it under its deterministic auto-name.
// The provider takes back a dataset with the same name and source, so the stack comes back.
import * as predibase from "pulumi-predibase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, names, predibaseStack } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";

describe("a stack with a Dataset, destroyed and brought up again", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  beforeAll(async () => {
    emu = await emulator();
    t = await predibaseStack("recreate-dataset", emu, async () => {
      const data = new predibase.Dataset("tickets", { source: "s3://acme-ml/tickets.jsonl" });
      return { dataset: data.name };
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("comes back with a second up, as any Pulumi stack would, reusing the dataset", async () => {
    await t.stack.up();
    await t.stack.destroy();
    expect(names(emu, "datasets")).toHaveLength(1); // what the API cannot delete stays
    const again = await t.stack.up();
    expect(again.summary.resourceChanges?.create).toBe(2); // the stack and the dataset
    expect(again.stdout).toMatch(/Dataset "tickets-[0-9a-f]{7}" already exists with the same settings/);
    expect(names(emu, "datasets")).toHaveLength(1);
  });

  it("still refuses a dataset of the same name with another source, offering adoptExisting", async () => {
    await t.stack.destroy();
    const [name] = names(emu, "datasets");
    emu.control.patchObject("datasets", String(name), { source: "s3://someone-else/data.jsonl" });
    await expect(t.stack.up()).rejects.toThrow(
      /already exists on Predibase. To manage it with this stack set `adoptExisting: true`/,
    );
  });
});
