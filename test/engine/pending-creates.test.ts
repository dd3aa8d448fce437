// Recovery after the `pulumi` CLI is killed (SIGKILL: a CI runner's hard time limit, an OOM kill)
// while creates are in flight, with the engine's own commands only (docs/engine.md): the state
// keeps each in-flight create as a pending operation; `pulumi refresh --import-pending-creates
// <urn> <id> ...` reads each from the platform into the state, and the next `up` goes on from there
// without creating anything twice. No hand-edited `pulumi stack export`.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { offlinePulumiEnv } from "../../scripts/engine-env.mjs";
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

describe("a `pulumi up` killed mid-create, recovered with `pulumi refresh --import-pending-creates`", () => {
  let emu: RunningEmulator;
  let dir: string;
  let code: string;
  let env: Record<string, string>;
  let child: ChildProcess | undefined;
  const pulumi = (args: string[]): Promise<Run> => {
    const p = spawn("pulumi", [...args, "--non-interactive"], { cwd: code, env });
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

  it("imports them by urn and platform id, and the next `up` creates nothing twice", async () => {
    const pending: Array<{ resource: { urn: string } }> = (await exportState()).deployment.pending_operations;
    const urnOf = (name: string) => pending.map((o) => o.resource.urn).find((u) => u.endsWith(`::${name}`));
    const jobs = emu.control.state().tenants[emu.tenantId]?.finetuning_jobs ?? [];
    expect(jobs).toHaveLength(1);
    const jobId = String(jobs[0]?.id);
    const args = ["refresh", "--yes"];
    for (const [urn, id] of [
      [urnOf("llm"), "kill-llm"],
      [urnOf("job"), jobId],
    ]) {
      args.push("--import-pending-creates", String(urn), "--import-pending-creates", String(id));
    }
    const refresh = await pulumi(args);
    expect(refresh.code, refresh.out).toBe(0);
    const state = await exportState();
    expect(state.deployment.pending_operations ?? []).toEqual([]);
    const ids = Object.fromEntries(dynamic(state).map((r) => [r.urn.split("::")[3], r.id]));
    expect(ids.llm).toBe("kill-llm");
    expect(ids.job).toBe(jobId);

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
