// Upgrades: state written by an earlier release (test/upgrade/fixtures/, recorded by
// record-fixture.mjs from that release's own code) still refreshes, updates and destroys with
// today's provider. The emulator is seeded through its control API with the objects that state
// stands for, so the test holds whichever wire format the emulator and the client speak.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Deployment, LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator, SeedInput } from "../../emulator/index.js";
import { engineBinDir, offlinePulumiEnv, repoRoot } from "../../scripts/engine-env.mjs";
import { emulator, lastSeq, platformEnv, writesSince } from "../support/platform.js";
import { newWorkDir } from "../support/stacks.js";
import { FIXTURE_PROGRAM } from "./fixture-program.mjs";

interface Fixture {
  recordedFrom: string;
  project: string;
  stack: string;
  deployment: Deployment;
  platform: Record<string, Array<Record<string, unknown>>>;
}

const FIXTURES = join(repoRoot, "test", "upgrade", "fixtures");

/** The fields each kind's seed takes (emulator/admin/fields.ts), from the recorded objects. */
const SEED_FIELDS: Record<string, string[]> = {
  repos: ["name", "uuid", "description", "versions", "created_at"],
  datasets: ["name", "uuid", "source", "status", "created_at"],
  deployments: [
    "name",
    "uuid",
    "base_model",
    "accelerator",
    "min_replicas",
    "max_replicas",
    "description",
    "status",
    "created_at",
  ],
  finetuning_jobs: [
    "id",
    "base_model",
    "dataset",
    "repo",
    "adapter_type",
    "task",
    "description",
    "status",
    "created_at",
  ],
  batch_jobs: ["id", "base_model", "dataset", "output", "status", "created_at"],
};

function seedFrom(platform: Fixture["platform"]): SeedInput {
  const seed: Record<string, unknown[]> = {};
  for (const [kind, fields] of Object.entries(SEED_FIELDS)) {
    seed[kind] = (platform[kind] ?? []).map((o) =>
      Object.fromEntries(fields.filter((f) => o[f] !== undefined).map((f) => [f, o[f]])),
    );
  }
  return seed as SeedInput;
}

const resources = (d: Deployment) =>
  (
    (d.deployment.resources ?? []) as Array<{
      urn: string;
      type: string;
      id?: string;
      inputs?: Record<string, unknown>;
    }>
  ).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));

for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith(".json"))) {
  const fixture: Fixture = JSON.parse(readFileSync(join(FIXTURES, file), "utf8"));

  describe(`state written by release ${fixture.recordedFrom}`, () => {
    let emu: RunningEmulator;
    let stack: Stack;
    const recorded = resources(fixture.deployment);

    beforeAll(async () => {
      emu = await emulator();
      emu.control.seed(seedFrom(fixture.platform));
      // Inside the repository (.cache/test-stacks), so require("pulumi-predibase") is today's code.
      const dir = newWorkDir("upgrade");
      const project = join(dir, "project");
      mkdirSync(project);
      writeFileSync(
        join(project, "Pulumi.yaml"),
        `name: ${fixture.project}\nruntime: nodejs\nmain: index.js\n`,
      );
      writeFileSync(join(project, "index.js"), FIXTURE_PROGRAM);
      stack = await LocalWorkspace.createOrSelectStack(
        { stackName: fixture.stack, workDir: project },
        {
          envVars: offlinePulumiEnv(dir, platformEnv(emu)),
          pulumiCommand: await PulumiCommand.get({ root: join(engineBinDir(), "..") }),
        },
      );
      await stack.importStack(fixture.deployment);
    });

    afterAll(async () => {
      await emu?.close();
    });

    it("the fixture holds one resource of each kind and no credential", () => {
      expect(recorded.map((r) => r.type.split("/")[1]).sort()).toEqual([
        "predibase:AdapterRepo",
        "predibase:BatchInferenceJob",
        "predibase:Dataset",
        "predibase:Deployment",
        "predibase:FineTuningJob",
      ]);
      const text = JSON.stringify(fixture);
      expect(text).not.toMatch(/"(apiToken|hfToken|token|authorization)"\s*:\s*"[^"]/i);
      expect(text).not.toMatch(/Bearer /);
    });

    it("refreshes with today's provider, keeping every resource and its id", async () => {
      const refresh = await stack.refresh();
      expect(refresh.summary.result).toBe("succeeded");
      const now = resources(await stack.exportStack());
      expect(now.map((r) => [r.urn, r.id])).toEqual(recorded.map((r) => [r.urn, r.id]));
    });

    it("an `up` that changes a provider-only input (timeouts) replaces nothing and writes nothing", async () => {
      const since = await lastSeq(emu);
      (stack.workspace as LocalWorkspace).envVars.UPGRADE_CREATE_TIMEOUT = "45m";
      const up = await stack.up();
      expect(up.summary.result).toBe("succeeded");
      const changes = up.summary.resourceChanges ?? {};
      for (const op of ["create", "delete", "replace", "create-replacement", "delete-replaced"]) {
        expect(changes[op as keyof typeof changes] ?? 0, op).toBe(0);
      }
      expect(await writesSince(emu, since)).toEqual([]);
      const llm = resources(await stack.exportStack()).find((r) => r.type.endsWith(":Deployment"));
      expect(llm?.id).toBe(recorded.find((r) => r.type.endsWith(":Deployment"))?.id);
      expect(llm?.inputs?.timeouts).toEqual({ create: "45m" }); // the change reached the state
    });

    it("destroys everything it holds", async () => {
      const destroy = await stack.destroy();
      expect(destroy.summary.result).toBe("succeeded");
      expect(resources(await stack.exportStack())).toEqual([]);
      const tenant = emu.control.state().tenants[emu.tenantId];
      expect(tenant?.deployments ?? []).toEqual([]);
      expect(tenant?.repos ?? []).toEqual([]);
    });
  });
}
