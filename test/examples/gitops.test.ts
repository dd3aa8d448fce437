// The GitOps example: one program, a dev and a prod stack whose Pulumi.<stack>.yaml differ, run
// by the engine from a copy of the folder (stack init writes to those files); and the CI workflow
// a team would copy, checked for its structure.
import { cpSync, existsSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { engineBinDir, offlinePulumiEnv, repoRoot } from "../../scripts/engine-env.mjs";
import { emulator, objects, platformEnv } from "../support/platform.js";
import { newWorkDir } from "../support/stacks.js";

const example = join(repoRoot, "examples", "gitops");

describe("the GitOps example's dev and prod stacks", () => {
  let emu: RunningEmulator;
  let dir: string;
  beforeAll(async () => {
    emu = await emulator({ timeScale: 2_000 });
    dir = newWorkDir("gitops");
    cpSync(example, join(dir, "project"), { recursive: true });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await emu?.close();
  });

  const stackFor = async (name: string) =>
    LocalWorkspace.createOrSelectStack(
      { stackName: name, workDir: join(dir, "project") },
      {
        envVars: offlinePulumiEnv(join(dir, "state"), platformEnv(emu)),
        pulumiCommand: await PulumiCommand.get({ root: dirname(engineBinDir()) }),
      },
    );

  it("deploys each environment with its own size: dev scales to zero, prod stays warm on a bigger GPU", async () => {
    const dev = await (await stackFor("dev")).up();
    const prod = await (await stackFor("prod")).up();
    expect(dev.outputs.accelerator?.value).toBe("a10_24gb_100");
    expect(prod.outputs.accelerator?.value).toBe("a100_80gb_100");
    const deployments = objects(emu, "deployments");
    const byName = (n: unknown) => deployments.find((d) => d.name === n);
    expect(byName(dev.outputs.deployment?.value)).toMatchObject({ min_replicas: 0, max_replicas: 1 });
    expect(byName(prod.outputs.deployment?.value)).toMatchObject({ min_replicas: 1, max_replicas: 3 });
    expect(dev.outputs.adapterVersion?.value).not.toBe(prod.outputs.adapterVersion?.value);
  });

  it("previews no change for either stack afterwards, as a pull request without infra changes would", async () => {
    for (const name of ["dev", "prod"]) {
      const preview = await (await stackFor(name)).preview();
      expect(preview.changeSummary).toEqual({ same: 5 });
    }
  });

  it("destroys both", async () => {
    for (const name of ["dev", "prod"]) await (await stackFor(name)).destroy();
    expect(objects(emu, "deployments")).toEqual([]);
  });
});

describe("the CI workflow a team copies", () => {
  const load = createRequire(join(repoRoot, "package.json"))("js-yaml").load as (text: string) => unknown;
  type Step = { run?: string; uses?: string };
  type Job = {
    if?: string;
    steps: Step[];
    strategy?: { matrix?: { stack?: string[] }; "max-parallel"?: number };
  };
  const workflow = load(readFileSync(join(example, ".github", "workflows", "pulumi.yml"), "utf8")) as {
    on: { pull_request?: unknown; push?: { branches?: string[] } };
    jobs: Record<string, Job>;
    env: Record<string, string>;
  };

  // A GitHub Actions expression, `${{ … }}`, as the file spells it.
  const gh = (expression: string) => `\${{ ${expression} }}`;

  it("previews pull requests and applies merges to main, for both stacks", () => {
    expect(workflow.on.pull_request).toBeDefined();
    expect(workflow.on.push?.branches).toEqual(["main"]);
    const preview = workflow.jobs.preview;
    const up = workflow.jobs.up;
    expect(preview?.if).toContain("pull_request");
    expect(up?.if).toContain("push");
    const runs = (job?: Job) => job?.steps.map((s) => s.run ?? "") ?? [];
    const runsPulumi = (job: Job | undefined, command: string) =>
      runs(job).some((run) => run.startsWith(`pulumi ${command} --stack ${gh("matrix.stack")}`));
    expect(runsPulumi(preview, "preview")).toBe(true);
    expect(runsPulumi(up, "up")).toBe(true);
    expect(runs(up).find((run) => run.startsWith("pulumi up"))).toContain("--yes");
    expect(runs(preview)).toContain("npm ci"); // the program's dependencies, before pulumi runs it
    expect(preview?.strategy?.matrix?.stack).toEqual(["dev", "prod"]);
    expect(up?.strategy?.matrix?.stack).toEqual(["dev", "prod"]);
    expect(up?.strategy?.["max-parallel"]).toBe(1); // dev is applied before prod, never together
  });

  it("names only stacks the example defines", () => {
    for (const stack of workflow.jobs.up?.strategy?.matrix?.stack ?? []) {
      expect(existsSync(join(example, `Pulumi.${stack}.yaml`)), stack).toBe(true);
    }
  });

  it("takes the token from the repository's secrets, never from the file", () => {
    expect(workflow.env.PREDIBASE_API_TOKEN).toBe(gh("secrets.PREDIBASE_API_TOKEN"));
  });
});
