// A stack that changes nothing calls no API: the checks against the platform's model list run for
// a new object and for a changed model or accelerator, not again for inputs checked before. So a
// preview or `up` with the model list unavailable (the platform down, or a model since retired)
// still passes for a deployment nobody touched, and fails, naming the field, for one that changes.
import * as predibase from "pulumi-predibase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, lastSeq, predibaseStack } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";

const MODEL = "llama-3-1-8b-instruct";

describe("inputs checked before are not checked against the platform again", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  let args: predibase.DeploymentArgs = { baseModel: MODEL, accelerator: "a10_24gb_100", maxReplicas: 1 };

  beforeAll(async () => {
    emu = await emulator({ clock: "immediate" });
    t = await predibaseStack("unchanged-inputs", emu, async () => {
      const llm = new predibase.Deployment("llm", args);
      return { status: llm.status };
    });
    await t.stack.up();
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  // 403: an answer the SDK does not retry, so the preview fails at once.
  const modelListDown = () =>
    emu.control.addFaults([{ kind: "status", status: 403, method: "GET", path: "supported_llms|/models" }]);

  it("makes no API call at all in an up that changes nothing", async () => {
    const since = await lastSeq(emu);
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 2 });
    expect(await emu.control.requests(since)).toEqual([]);
  });

  it("previews and updates an unchanged model while the model list is unavailable", async () => {
    modelListDown();
    try {
      const preview = await t.stack.preview();
      expect(preview.changeSummary).toEqual({ same: 2 });
      args = { ...args, maxReplicas: 2 };
      const up = await t.stack.up();
      expect(up.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    } finally {
      emu.control.clearFaults();
    }
  });

  it("checks a changed accelerator against the model list again, and says when it cannot", async () => {
    modelListDown();
    try {
      args = { ...args, accelerator: "a100_80gb_100" };
      await expect(t.stack.preview()).rejects.toThrow(
        /could not read the platform's model list to check baseModel/,
      );
    } finally {
      emu.control.clearFaults();
    }
    args = { ...args, accelerator: "no_such_gpu" };
    await expect(t.stack.preview()).rejects.toThrow(/unknown accelerator "no_such_gpu"/);
  });
});
