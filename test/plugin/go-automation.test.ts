// The Go quickstart (examples/go-automation) as a Go user runs it: a Go program on the Go SDK
// generated from schema.json, whose Automation API runs it inline (no pulumi-language-go, which the
// Go module proxy does not serve), the engine and pulumi-resource-predibase from the PATH, the
// emulator reached through PREDIBASE_* variables that the program writes to stack config.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { offlinePulumiEnv, repoRoot } from "../../scripts/engine-env.mjs";
import { emulator, lastSeq, names, objects, platformEnv } from "../support/platform.js";
import { newWorkDir } from "../support/stacks.js";

const EXAMPLE = join(repoRoot, "examples", "go-automation");
const PULUMI_VERSION = (
  JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  }
).devDependencies["@pulumi/pulumi"];

const go = ["go", "/usr/local/go/bin/go", "/usr/lib/go/bin/go"].find(
  (candidate) => spawnSync(candidate, ["version"]).status === 0,
);

interface Run {
  code: number | null;
  stderr: string;
  result: { changes: Record<string, number>; outputs?: Record<string, unknown> } | undefined;
}

/** Runs a command without blocking: the emulator answers from this process meanwhile. */
function runAsync(
  file: string,
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined> },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(!go)(
  `the Go quickstart through the Automation API and the native plugin${go ? "" : " (skipped: no Go toolchain)"}`,
  () => {
    let emu: RunningEmulator;
    let dir: string;
    let program: string;
    let engineEnv: Record<string, string>;

    /** The program with the engine's environment, plus `extra` (PREDIBASE_* for the emulator). */
    const quickstart = async (args: string[], extra: Record<string, string> = {}): Promise<Run> => {
      // Only the engine's variables and the given ones: no PREDIBASE_* from the test's own shell.
      const env = { HOME: process.env.HOME, ...engineEnv, ...extra };
      const r = await runAsync(program, args, { cwd: dir, env });
      const last = r.stdout.trim().split("\n").pop() ?? "";
      return { code: r.code, stderr: r.stderr, result: last.startsWith("{") ? JSON.parse(last) : undefined };
    };

    beforeAll(async () => {
      dir = newWorkDir("go-automation");
      program = join(dir, "go-quickstart");
      // -mod=readonly: the example's go.mod and go.sum must be complete as committed.
      const build = await runAsync(go as string, ["build", "-o", program, "."], {
        cwd: EXAMPLE,
        env: { ...process.env, GOFLAGS: "-mod=readonly" },
      });
      expect(build.stderr.replace(/^go: downloading .*\n/gm, "")).toBe("");
      expect(build.code).toBe(0);
      engineEnv = offlinePulumiEnv(dir);
      emu = await emulator({ timeScale: 2_000 });
    }, 900_000);
    afterAll(async () => {
      await emu?.close();
    });

    it("pins the engine's own Go SDK version", () => {
      expect(readFileSync(join(EXAMPLE, "go.mod"), "utf8")).toContain(
        `github.com/pulumi/pulumi/sdk/v3 v${PULUMI_VERSION}\n`,
      );
    });

    it("creates the repo, dataset, job and deployment, with the OpenAI URL as an output", async () => {
      const up = await quickstart(["up"], platformEnv(emu));
      expect(up.stderr).not.toContain(emu.apiToken);
      expect(up.code, up.stderr).toBe(0);
      expect(up.result?.changes).toEqual({ create: 5 });
      const deployment = String(up.result?.outputs?.deploymentName);
      expect(deployment).toMatch(/^support-llm-[0-9a-f]{7}$/);
      expect(up.result?.outputs?.openaiBaseUrl).toBe(
        `${emu.servingUrl}/${emu.tenantId}/deployments/v2/llms/${deployment}/v1`,
      );
      expect(String(up.result?.outputs?.adapterVersion)).toMatch(/^support-adapters-[0-9a-f]{7}\/1$/);
      expect(names(emu, "deployments")).toEqual([deployment]);
      expect(objects(emu, "finetuning_jobs").map((j) => j.status)).toEqual(["completed"]);
    }, 300_000);

    it("keeps the token out of the state: the provider holds it encrypted", () => {
      const stateFile = join(dir, "backend", ".pulumi", "stacks", "predibase-go-quickstart", "dev.json");
      const text = readFileSync(stateFile, "utf8");
      expect(text).not.toContain(emu.apiToken);
      const resources = (
        JSON.parse(text) as {
          checkpoint: { latest: { resources: Array<{ type: string; inputs?: Record<string, unknown> }> } };
        }
      ).checkpoint.latest.resources;
      const provider = resources.find((r) => r.type === "pulumi:providers:predibase");
      expect(provider?.inputs?.apiUrl).toBe(emu.apiUrl);
      expect(provider?.inputs?.apiToken).toMatchObject({ ciphertext: expect.any(String) });
      expect(resources.map((r) => r.type).filter((t) => t.startsWith("predibase:"))).toHaveLength(4);
    });

    it("changes nothing on a second up, without a single request", async () => {
      const since = await lastSeq(emu);
      const up = await quickstart(["up"], platformEnv(emu));
      expect(up.code, up.stderr).toBe(0);
      expect(up.result?.changes).toEqual({ same: 5 });
      expect(await emu.control.requests(since)).toEqual([]);
    }, 300_000);

    it("fails the preview of an unknown accelerator, naming the resource and the field", async () => {
      const preview = await quickstart(["-accelerator", "a100_nope", "preview"], platformEnv(emu));
      expect(preview.code).toBe(1);
      expect(preview.stderr).toContain(
        "predibase:index:Deployment resource 'support-llm': property accelerator value {a100_nope} " +
          'has a problem: unknown accelerator "a100_nope": use one of a10_24gb',
      );
      expect(preview.result).toBeUndefined();
      expect(preview.stderr).not.toContain(emu.apiToken);
    }, 300_000);

    it("destroys with no PREDIBASE_* in its environment: the state's provider config reaches the tenant", async () => {
      const destroy = await quickstart(["destroy"]);
      expect(destroy.code, destroy.stderr).toBe(0);
      expect(destroy.result?.changes).toEqual({ delete: 5 });
      expect(names(emu, "deployments")).toEqual([]);
      expect(names(emu, "repos")).toEqual([]);
    }, 300_000);
  },
);
