// `pulumi preview --diff` through the native plugin (issue 14): its Diff returns a detailed diff,
// so the preview shows each changed field and which one forces a replacement. maxReplicas updates
// a deployment in place; baseModel replaces it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, lastSeq, writesSince } from "../support/platform.js";
import { type YamlStack, yamlStack } from "../support/yaml-stacks.js";

function program(baseModel: string, maxReplicas: number): string {
  return `name: preview-diff
runtime: yaml
resources:
  llm:
    type: predibase:index:Deployment
    properties:
      name: diff-llm
      baseModel: ${baseModel}
      maxReplicas: ${maxReplicas}
`;
}

/** The step of `pulumi preview --json` for the deployment. */
interface Step {
  op: string;
  urn: string;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, { kind: string }>;
}

describe("preview --diff of a deployment", () => {
  let emu: RunningEmulator;
  let t: YamlStack;

  async function previewJson(): Promise<Step | undefined> {
    const run = await t.cli(["preview", "--json"]);
    expect(run.code, run.out).toBe(0);
    const steps = (JSON.parse(run.stdout) as { steps?: Step[] }).steps ?? [];
    return steps.find((s) => s.urn.endsWith("::llm"));
  }

  beforeAll(async () => {
    emu = await emulator({ clock: "immediate" });
    t = await yamlStack({
      prefix: "plugin-preview-diff",
      program: program("llama-3-2-1b-instruct", 1),
      emulator: emu,
    });
    await t.stack.up();
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("shows maxReplicas changing in place", async () => {
    t.writeProgram(program("llama-3-2-1b-instruct", 2));
    const since = await lastSeq(emu);
    const preview = await t.stack.preview({ diff: true });
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    expect(preview.stdout).toMatch(/~ predibase:index:Deployment: \(update\)/);
    expect(preview.stdout).toMatch(/~ maxReplicas\s*: 1 => 2/);
    expect(preview.stdout).not.toMatch(/replace/);
    const step = await previewJson();
    expect(step?.op).toBe("update");
    expect(Object.keys(step?.detailedDiff ?? {})).toEqual(["maxReplicas"]);
    expect(step?.detailedDiff?.maxReplicas?.kind).toBe("update");
    expect(await writesSince(emu, since)).toEqual([]); // a preview changes nothing
  });

  it("shows baseModel forcing a replacement, beside maxReplicas", async () => {
    t.writeProgram(program("qwen3-8b", 2));
    const preview = await t.stack.preview({ diff: true });
    expect(preview.changeSummary).toMatchObject({ replace: 1 });
    // The same platform name: the old deployment goes first (delete before replace).
    expect(preview.stdout).toMatch(/[+-]{2,3}predibase:index:Deployment: \(replace\)/);
    expect(preview.stdout).toMatch(/~ baseModel\s*: "llama-3-2-1b-instruct" => "qwen3-8b"/);
    expect(preview.stdout).toMatch(/~ maxReplicas\s*: 1 => 2/);
    const step = await previewJson();
    expect(step?.op).toMatch(/replace/);
    expect(step?.replaceReasons).toEqual(["baseModel"]);
    expect(step?.detailedDiff?.baseModel?.kind).toBe("update-replace");
    expect(step?.detailedDiff?.maxReplicas?.kind).toBe("update");
  });
});
