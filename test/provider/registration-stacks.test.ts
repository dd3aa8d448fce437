// Registering a resource formats no stack traces for @pulumi/pulumi's promise-leak bookkeeping
// (provider/resources/common.ts says why: about 100 per Deployment, most of the program's CPU in a
// no-change `up` of 200). Through the real engine: the Automation API runs the inline program in
// this process, so a probe on Error.prepareStackTrace sees every stack the registration formats.
// What stays: the outputs, the caller's Error.stackTraceLimit, and the frames of a constructor error.
import type { CustomResourceOptions } from "@pulumi/pulumi";
import * as predibase from "pulumi-predibase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, predibaseStack } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";

/** Function names at the top of each stack formatted while `run` runs (V8 calls the hook lazily). */
function formattedStacks(run: () => void): { tops: string[]; frames: number } {
  const tops: string[] = [];
  let frames = 0;
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, callSites) => {
    tops.push(callSites[0]?.getFunctionName() ?? "(no frames)");
    frames += callSites.length;
    return `${error}${callSites.map((c) => `\n    at ${c}`).join("")}`;
  };
  try {
    run();
  } finally {
    Error.prepareStackTrace = previous;
  }
  return { tops, frames };
}

/** A program's line that declares a resource: a named function, so its frame has a position. */
function declareLlm(): predibase.Deployment {
  return new predibase.Deployment("llm", { baseModel: "llama-3-2-1b-instruct" });
}

describe("registering a Deployment", () => {
  let emu: RunningEmulator;
  let t: TestStack;
  let probe: { tops: string[]; frames: number } | undefined;
  let limitAfter: number | undefined;
  let thrown: unknown;

  beforeAll(async () => {
    emu = await emulator({ clock: "immediate" });
    t = await predibaseStack("registration-stacks", emu, async () => {
      Error.stackTraceLimit = 17;
      let d: predibase.Deployment | undefined;
      probe = formattedStacks(() => {
        d = declareLlm();
      });
      limitAfter = Error.stackTraceLimit;
      try {
        // A CustomResource rejects `providers` synchronously in its constructor.
        new predibase.Deployment("bad", { baseModel: "llama-3-2-1b-instruct" }, {
          providers: {},
        } as unknown as CustomResourceOptions);
      } catch (err) {
        thrown = err;
      }
      Error.stackTraceLimit = 10;
      return { status: d?.status, openaiBaseUrl: d?.openaiBaseUrl, uuid: d?.uuid };
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("formats no stack for the promises it wraps, and the outputs still resolve", async () => {
    const up = await t.stack.up();
    expect(["ready", "standby"]).toContain(up.outputs.status?.value);
    expect(up.outputs.openaiBaseUrl?.value).toMatch(/\/v1$/);
    expect(up.outputs.uuid?.value).toEqual(expect.any(String));
    // The URN the provider attaches its warnings to is the resource's own.
    const llm = t.stateResources().find((r) => r.urn.endsWith("::llm")) as {
      urn: string;
      inputs?: { selfUrn?: string };
    };
    expect(llm.inputs?.selfUrn).toBe(llm.urn);
    // The source position is the program's line (declareLlm), not our resource class's file.
    const position = (llm as { sourcePosition?: string }).sourcePosition;
    expect(position).toMatch(/^project:\/\/\/.*test\/provider\/registration-stacks\.test\.ts#\d+,\d+$/);
    // The probe works: the resource's source position is still read from a full stack.
    expect(probe?.tops).toContain("callsites");
    // debuggablePromise stacks come out empty (no frames at all), so none names debuggablePromise.
    expect(probe?.tops).not.toContain("debuggablePromise");
    const withFrames = (probe?.tops ?? []).filter((top) => top !== "(no frames)");
    expect(withFrames).toEqual(["callsites"]);
  });

  it("gives the caller back its Error.stackTraceLimit", () => {
    expect(limitAfter).toBe(17);
  });

  it("keeps the frames of an error thrown by the constructor", () => {
    expect(thrown).toBeInstanceOf(Error);
    const stack = String((thrown as Error).stack);
    expect(stack).toMatch(/Do not supply 'providers' option/);
    expect(stack).toMatch(/registration-stacks\.test\.ts/);
  });
});
