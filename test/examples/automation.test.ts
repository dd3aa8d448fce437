// The Automation API example as CI would run it: a process, given the caller's backend and
// passphrase and a Predibase (here the test's emulator), that builds an ephemeral environment,
// smoke-queries the fine-tuned adapter, tears it down and reports what stays on the platform;
// and the same process cancelled with SIGTERM in the middle of its update.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { offlinePulumiEnv, repoRoot } from "../../scripts/engine-env.mjs";
import { emulator, objects, platformEnv } from "../support/platform.js";
import { newWorkDir } from "../support/stacks.js";

const script = join(repoRoot, "examples", "automation", "index.mts");

/** The caller's environment: its own backend folder and passphrase, and the emulator as Predibase. */
function callerEnv(dir: string, emu: RunningEmulator, runId: string): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    ...offlinePulumiEnv(dir, platformEnv(emu)),
    PULUMI_CONFIG_PASSPHRASE: `the caller's own passphrase ${process.pid}`,
    EPHEMERAL_RUN_ID: runId,
  };
}

/** The script as a process; asynchronous, since the emulator answers from this test's event loop. */
function runScript(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], {
      cwd: repoRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      out += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 240_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe("the Automation API example", () => {
  let emu: RunningEmulator;
  let dir: string;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    dir = newWorkDir("automation");
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    await emu?.close();
  });

  it("imports only the package's public entry points and @pulumi/pulumi, never a repository script", () => {
    const source = readFileSync(script, "utf8");
    const imports = [...source.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1] as string);
    expect(imports.length).toBeGreaterThan(3);
    for (const specifier of imports) {
      expect(specifier).toMatch(/^(node:.+|@pulumi\/pulumi(\/.*)?|pulumi-predibase(\/emulator|\/sdk)?)$/);
    }
  });

  it("refuses to run without a backend, naming what to set, rather than choosing one", () => {
    const home = join(dir, "no-login-home");
    mkdirSync(home, { recursive: true });
    const env = { ...process.env, PULUMI_HOME: home, PREDIBASE_API_TOKEN: "" } as Record<string, string>;
    delete env.PULUMI_BACKEND_URL;
    delete env.PULUMI_ACCESS_TOKEN;
    const run = spawnSync(process.execPath, [script], {
      cwd: repoRoot,
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(
      /no Pulumi backend: set PULUMI_BACKEND_URL .*PULUMI_ACCESS_TOKEN .*pulumi login/,
    );
  });

  it("refuses a self-managed backend without the caller's passphrase, rather than inventing one", () => {
    const env = { ...process.env, PULUMI_BACKEND_URL: `file://${dir}/elsewhere` } as Record<string, string>;
    delete env.PULUMI_CONFIG_PASSPHRASE;
    delete env.PULUMI_CONFIG_PASSPHRASE_FILE;
    const run = spawnSync(process.execPath, [script], {
      cwd: repoRoot,
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/protects stack secrets with a passphrase: set PULUMI_CONFIG_PASSPHRASE/);
    expect(existsSync(join(dir, "elsewhere"))).toBe(false);
  });

  it("creates, smoke-tests and tears down an environment in the caller's backend, reporting what stays", async () => {
    emu = await emulator();
    const runId = `ci-happy-${process.pid}`;
    const state = join(dir, "happy");
    const { code, out } = await runScript(callerEnv(state, emu, runId));
    expect(code, out).toBe(0);
    expect(out).toContain(`state in file://${join(state, "backend")}, stack ${runId}`);
    expect(readdirSync(join(state, "backend", ".pulumi"))).not.toEqual([]); // the caller's backend was used
    expect(out).toContain(`ready: deployment ${runId}-llm, adapter ${runId}-adapters/1 (5 created)`);
    expect(out).toMatch(/smoke query answered: "\S+( \S+){3,}"/);
    expect(out).toContain("left on the platform:");
    expect(out).toContain(`dataset ${runId}-data (the API cannot delete datasets`);
    expect(out).toMatch(/fine-tuning job \S+, completed \(jobs stay as history\)/);
    expect(out).not.toContain("STILL BILLING");
    expect(objects(emu, "deployments")).toEqual([]);
    expect(objects(emu, "repos")).toEqual([]);
  });

  it("on SIGTERM in the middle of its update, destroys everything and leaves no deployment", async () => {
    await emu?.close();
    // A deployment that takes ~15 s to start: the signal lands while pulumi waits for it.
    emu = await emulator({ timeScale: 2_000, durations: { deployment_initializing: 30_000 } });
    const runId = `ci-sigterm-${process.pid}`;
    const child = spawn(process.execPath, [script], {
      cwd: repoRoot,
      env: callerEnv(join(dir, "sigterm"), emu, runId),
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let out = "";
    child.stdout?.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      out += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 120_000;
    while (!objects(emu, "deployments").some((d) => d.name === `${runId}-llm`)) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`no deployment appeared:\n${out}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(objects(emu, "deployments")[0]?.status).not.toBe("ready"); // still starting
    child.kill("SIGTERM");
    expect(await exited, out).toBe(143);
    expect(out).toContain("SIGTERM: stopping the update, then destroying everything it created");
    expect(out).toMatch(/interrupted: /);
    expect(out).not.toContain("ready: deployment"); // pulumi stopped the update rather than finishing it
    expect(out).toMatch(/tearing down [1-5] objects/);
    expect(out).toContain(`dataset ${runId}-data (the API cannot delete datasets`);
    expect(out).not.toContain("STILL BILLING");
    expect(out).not.toContain("teardown failed");
    expect(objects(emu, "deployments")).toEqual([]);
    expect(objects(emu, "repos")).toEqual([]);
    const jobs = objects(emu, "finetuning_jobs");
    for (const job of jobs) expect(["completed", "canceled"]).toContain(job.status);
  });
});
