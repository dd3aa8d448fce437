// The real Pulumi engine, built from source by scripts/ensure-engine.sh, runs a whole life cycle
// of one trivial dynamic resource through the Automation API and a local file backend.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inlineStack, type TestStack } from "../support/stacks.js";

const echoProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return {
      id: `echo-${inputs.word}`,
      outs: { word: inputs.word, shout: String(inputs.word).toUpperCase() },
    };
  },
};

class Echo extends pulumi.dynamic.Resource {
  declare readonly shout: pulumi.Output<string>;
  constructor(name: string, word: string) {
    super(echoProvider, name, { word, shout: undefined }, {});
  }
}

describe("the Pulumi engine built by ensure-engine.sh", () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await inlineStack("engine-smoke", async () => {
      const echo = new Echo("greeting", "hello");
      return { shout: echo.shout, id: echo.id };
    });
  });
  afterAll(async () => t?.dispose());

  it("reports the version of the installed @pulumi/pulumi", async () => {
    const { version } = await import("@pulumi/pulumi/version.js");
    const info = await t.stack.workspace.pulumiVersion;
    expect(info).toBe(version);
  });

  it("previews one create", async () => {
    const preview = await t.stack.preview();
    expect(preview.changeSummary.create).toBe(2); // the stack and the resource
  });

  it("creates the resource, with its outputs, into the state file", async () => {
    const up = await t.stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.outputs.shout?.value).toBe("HELLO");
    expect(up.outputs.id?.value).toBe("echo-hello");
    const echo = t.stateResources().find((r) => r.type === "pulumi-nodejs:dynamic:Resource");
    expect(echo?.id).toBe("echo-hello");
    expect(echo?.outputs?.shout).toBe("HELLO");
  });

  it("refreshes without changes", async () => {
    const refresh = await t.stack.refresh();
    expect(refresh.summary.result).toBe("succeeded");
    expect(refresh.summary.resourceChanges?.update ?? 0).toBe(0);
  });

  it("destroys it, leaving no resource in the state file", async () => {
    const destroy = await t.stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
    expect(t.stateResources().filter((r) => r.type === "pulumi-nodejs:dynamic:Resource")).toHaveLength(0);
  });
});
