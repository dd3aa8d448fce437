// Recovery after the `pulumi` CLI is killed (SIGKILL: a CI runner's hard time limit, an OOM kill)
// while creates are in flight (docs/engine.md). The state keeps each in-flight create as a pending
// operation. Pulumi 3.276's own `pulumi refresh --import-pending-creates <urn> <id>` drops them
// without importing them (checked here, so an engine upgrade that fixes it shows up), so the
// package ships `pulumi-predibase-recover`: it finds each object on the platform, puts it into the
// state and refreshes it; the next `up` then goes on without creating anything twice.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { offlinePulumiEnv, repoRoot } from "../../scripts/engine-env.mjs";
import { emulator, platformEnv } from "../support/platform.js";
import { newWorkDir } from "../support/stacks.js";

const PROGRAM = `"use strict";
const predibase = require("pulumi-predibase");
const repo = new predibase.AdapterRepo("repo", { name: "kill-repo" });
const data = new predibase.Dataset("data", { name: "kill-data", source: "s3://bucket/train.jsonl" });
new predibase.FineTuningJob("job", { baseModel: "qwen3-8b", dataset: data.name, repo: repo.name });
new predibase.Deployment("llm", { name: "kill-llm", baseModel: "qwen3-8b", minReplicas: 0, maxReplicas: 1 });
`;

interface Run {
  code: number | null;
  out: string;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.on("exit", (code) => resolve(code));
  });
}

/** The local backend's checkpoint file of the one stack under `backendDir`. */
function stateFile(backendDir: string): string {
  const stacks = join(backendDir, ".pulumi", "stacks");
  const found = readdirSync(stacks, { recursive: true, encoding: "utf8" }).filter((f) =>
    f.endsWith("ci.json"),
  );
  if (found.length !== 1)
    throw new Error(`expected one checkpoint under ${stacks}, found ${found.join(", ")}`);
  return join(stacks, found[0] as string);
}

/** The engine starts its plugins in their own process groups: stop whatever still runs in `dir`. */
function killLeftovers(dir: string): void {
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`).startsWith(dir)) process.kill(Number(pid), "SIGKILL");
    } catch {
      // gone already, or not ours to read
    }
  }
}

describe("a `pulumi up` killed mid-create, then recovered", () => {
  let emu: RunningEmulator;
  let dir: string;
  let code: string;
  let env: Record<string, string>;
  let child: ChildProcess | undefined;
  const pulumi = (args: string[]): Promise<Run> => command("pulumi", [...args, "--non-interactive"]);
  const command = (file: string, args: string[]): Promise<Run> => {
    const p = spawn(file, args, { cwd: code, env });
    let out = "";
    p.stdout.on("data", (d) => {
      out += d;
    });
    p.stderr.on("data", (d) => {
      out += d;
    });
    return exited(p).then((status) => ({ code: status, out }));
  };
  const exportState = async () => JSON.parse((await pulumi(["stack", "export"])).out);
  const dynamic = (state: {
    deployment: { resources?: Array<{ type: string; urn: string; id?: string }> };
  }) => (state.deployment.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));

  beforeAll(async () => {
    // A manual clock: the deployment and the job stay in progress until the test moves time on.
    emu = await emulator({ clock: "manual" });
    dir = newWorkDir("pending-creates");
    code = join(dir, "project");
    mkdirSync(code);
    writeFileSync(join(code, "Pulumi.yaml"), "name: killed\nruntime: nodejs\nmain: index.js\n");
    writeFileSync(join(code, "index.js"), PROGRAM);
    env = { ...process.env, ...offlinePulumiEnv(join(dir, "state"), platformEnv(emu)) } as Record<
      string,
      string
    >;
    expect((await pulumi(["stack", "init", "ci"])).code).toBe(0);
  });

  afterAll(async () => {
    if (child?.pid) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    if (dir) {
      killLeftovers(dir);
      rmSync(dir, { recursive: true, force: true });
    }
    await emu?.close();
  });

  it("leaves the in-flight creates as pending operations when killed", async () => {
    // Its own process group, so one SIGKILL takes the CLI and its plugins down, as a runner does.
    child = spawn("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive"], {
      cwd: code,
      env,
      detached: true,
      stdio: "ignore",
    });
    const deadline = Date.now() + 120_000;
    for (;;) {
      const posts = emu.control
        .requests()
        .filter((r) => r.method === "POST")
        .map((r) => r.path);
      if (
        posts.some((p) => p.endsWith("/deployments")) &&
        posts.some((p) => p.endsWith("/finetuning/jobs"))
      ) {
        break;
      }
      if (Date.now() > deadline) throw new Error(`creates not seen; posts: ${posts.join(", ")}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 1_500)); // a few readiness polls
    process.kill(-(child.pid ?? 0), "SIGKILL");
    await exited(child);
    killLeftovers(dir);
    const pending = (await exportState()).deployment.pending_operations ?? [];
    expect(
      pending.map((o: { type: string; resource: { urn: string } }) => [
        o.type,
        o.resource.urn.split("::")[3],
      ]),
    ).toEqual(
      expect.arrayContaining([
        ["creating", "llm"],
        ["creating", "job"],
      ]),
    );
  });

  it("Pulumi 3.276's `refresh --import-pending-creates` drops them without importing them", async () => {
    // The killed CLI left its lock on the backend: `pulumi cancel` removes it.
    const cancel = await pulumi(["cancel", "--yes"]);
    expect(cancel.code, cancel.out).toBe(0);
    const before = await exportState();
    const pending: Array<{ resource: { urn: string } }> = before.deployment.pending_operations;
    // `pulumi stack import` drops pending operations, so keep the checkpoint file itself to put
    // back the state the kill left, for the recovery below.
    const checkpoint = stateFile(join(dir, "state", "backend"));
    const killedState = readFileSync(checkpoint);
    const urnOf = (name: string) => pending.map((o) => o.resource.urn).find((u) => u.endsWith(`::${name}`));
    const jobs = emu.control.state().tenants[emu.tenantId]?.finetuning_jobs ?? [];
    expect(jobs).toHaveLength(1);
    const args = ["refresh", "--yes"];
    for (const [urn, id] of [
      [urnOf("llm"), "kill-llm"],
      [urnOf("job"), String(jobs[0]?.id)],
    ]) {
      args.push("--import-pending-creates", String(urn), "--import-pending-creates", String(id));
    }
    const refresh = await pulumi(args);
    expect(refresh.code, refresh.out).toBe(0);
    const after = await exportState();
    // Measured: the pending creates are gone and neither object is in the state (both would be
    // orphans). When an engine upgrade makes this import them, docs/engine.md can say so.
    expect(after.deployment.pending_operations ?? []).toEqual([]);
    expect(dynamic(after).map((r) => r.urn.split("::")[3])).not.toContain("llm");
    expect(dynamic(after).map((r) => r.urn.split("::")[3])).not.toContain("job");
    writeFileSync(checkpoint, killedState);
    expect((await exportState()).deployment.pending_operations).toHaveLength(pending.length);
  });

  it("`pulumi-predibase-recover --yes` adopts them, and the next `up` creates nothing twice", async () => {
    const jobId = String(emu.control.state().tenants[emu.tenantId]?.finetuning_jobs?.[0]?.id);
    const recover = await command(process.execPath, [
      join(repoRoot, "scripts", "recover-pending-creates.mjs"),
      "--yes",
    ]);
    expect(recover.code, recover.out).toBe(0);
    const state = await exportState();
    expect(state.deployment.pending_operations ?? []).toEqual([]);
    const byName = Object.fromEntries(dynamic(state).map((r) => [r.urn.split("::")[3], r]));
    expect(byName.llm?.id, recover.out).toBe("kill-llm");
    expect(byName.job?.id).toBe(jobId);
    // The refresh replaced the provisional outputs with what the platform reports.
    expect(byName.llm?.outputs?.status).toBeDefined();

    emu.control.advance(10_000);
    const postsBefore = emu.control.requests().filter((r) => r.method === "POST").length;
    const up = await pulumi(["up", "--yes", "--skip-preview"]);
    expect(up.code, up.out).toBe(0);
    const posts = emu.control
      .requests()
      .filter((r) => r.method === "POST")
      .slice(postsBefore)
      .map((r) => r.path);
    expect(posts.filter((p) => /\/(deployments|finetuning\/jobs)$/.test(p))).toEqual([]);
    const tenant = emu.control.state().tenants[emu.tenantId];
    expect(tenant?.deployments).toHaveLength(1);
    expect(tenant?.finetuning_jobs).toHaveLength(1);
    expect(dynamic(await exportState())).toHaveLength(4);
  });

  it("destroys the recovered stack", async () => {
    emu.control.setClock({ mode: "scaled", time_scale: 5_000 });
    const destroy = await pulumi(["destroy", "--yes"]);
    expect(destroy.code, destroy.out).toBe(0);
    expect(emu.control.state().tenants[emu.tenantId]?.deployments ?? []).toEqual([]);
  });
});
