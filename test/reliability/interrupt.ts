// Interrupted runs: the `pulumi` CLI stopped by SIGINT or SIGKILL while a deployment waits and a
// fine-tuning job trains, then the documented recovery (docs/reliability.md). The program is an
// on-disk project run by the CLI, as a user runs it.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunningEmulator } from "../../emulator/index.js";
import { offlinePulumiEnv } from "../../scripts/engine-env.mjs";
import { Predibase } from "../../sdk/index.js";
import { platformEnv } from "../support/platform.js";

const PROGRAM = `import * as predibase from "pulumi-predibase";
const repo = new predibase.AdapterRepo("repo", { name: "intr-repo" });
const data = new predibase.Dataset("data", { name: "intr-data" });
new predibase.FineTuningJob("job", { baseModel: "llama-3-2-1b-instruct", dataset: data.name, repo: repo.name });
new predibase.Deployment("llm", { name: "intr-llm", baseModel: "llama-3-2-1b-instruct" });
`;

export interface Project {
  dir: string;
  env: Record<string, string>;
  /** Async on purpose: the emulator runs in this process and must keep answering meanwhile. */
  pulumi(args: string[]): Promise<{ code: number | null; out: string }>;
  spawnUp(): ChildProcess;
}

export async function project(dir: string, emu: RunningEmulator): Promise<Project> {
  const code = join(dir, "project");
  mkdirSync(code, { recursive: true });
  writeFileSync(join(code, "Pulumi.yaml"), "name: interrupted\nruntime: nodejs\nmain: index.ts\n");
  writeFileSync(join(code, "index.ts"), PROGRAM);
  const env = { ...process.env, ...offlinePulumiEnv(join(dir, "state"), platformEnv(emu)) } as Record<
    string,
    string
  >;
  const p: Project = {
    dir: code,
    env,
    pulumi(args) {
      const child = spawn("pulumi", [...args, "--non-interactive"], { cwd: code, env });
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
      });
      child.stderr.on("data", (d) => {
        out += d;
      });
      return exited(child).then((status) => ({ code: status, out }));
    },
    // Its own process group, so SIGKILL can take the engine's plugins down with it, as a crash would.
    spawnUp: () =>
      spawn("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive"], {
        cwd: code,
        env,
        detached: true,
        stdio: "ignore",
      }),
  };
  await p.pulumi(["stack", "init", "s"]);
  return p;
}

/** Resolves once the platform has seen both creates: the deployment waits, the job trains. */
export async function untilCreatesSent(emu: RunningEmulator, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const posts = emu.control
      .requests()
      .filter((r) => r.method === "POST")
      .map((r) => r.path);
    if (posts.includes("/v2/deployments") && posts.includes("/v2/finetuning/jobs")) return;
    if (Date.now() > deadline) throw new Error(`creates not seen; posts: ${posts.join(", ")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on("exit", (code) => resolve(code));
  });
}

/**
 * The recovery after a hard kill: the state holds the creates that were in flight as pending
 * operations, with the objects already on the platform. Each is matched to its object (named
 * kinds by name; a fine-tuning job, which has a server-side id, by its inputs), written into the
 * state with that id (`pulumi stack export`, edit, `pulumi stack import`), and `pulumi refresh`
 * then reads it, so the next `up` resumes instead of creating again. `pulumi cancel` first
 * removes the lock the killed CLI left on the local backend.
 */
export async function importPendingCreates(p: Project, emu: RunningEmulator): Promise<string[]> {
  await p.pulumi(["cancel", "--yes"]);
  const exported = JSON.parse((await p.pulumi(["stack", "export"])).out);
  type Op = {
    type: string;
    resource: { urn: string; type: string; id?: string; inputs: Record<string, string>; outputs?: unknown };
  };
  const pending: Op[] = exported.deployment?.pending_operations ?? [];
  const client = new Predibase({ apiToken: emu.apiToken, apiUrl: emu.apiUrl });
  const adopted: string[] = [];
  for (const op of pending.filter((o) => o.type === "creating")) {
    const { type, inputs } = op.resource;
    let id: string | undefined;
    if (type.endsWith(":FineTuningJob")) {
      const jobs = await client.finetuning.jobs.list();
      id = jobs
        .filter(
          (j) => j.base_model === inputs.baseModel && j.dataset === inputs.dataset && j.repo === inputs.repo,
        )
        .filter((j) => !["errored", "canceled"].includes(j.status))
        .map((j) => j.id)[0];
    } else {
      id = inputs.name;
    }
    if (!id) continue;
    exported.deployment.resources.push({ ...op.resource, id, outputs: { ...inputs } });
    adopted.push(op.resource.urn, id);
  }
  await client.close();
  exported.deployment.pending_operations = [];
  const file = join(p.dir, "..", "recovered-state.json");
  writeFileSync(file, JSON.stringify(exported));
  const imported = await p.pulumi(["stack", "import", "--file", file]);
  if (imported.code !== 0) throw new Error(`stack import failed:\n${imported.out}`);
  const refreshed = await p.pulumi(["refresh", "--yes"]);
  if (refreshed.code !== 0) throw new Error(`refresh failed:\n${refreshed.out}`);
  return adopted;
}

/**
 * Stops what a killed CLI left behind in `dir`: the engine starts its plugins (the language host,
 * the dynamic-provider host) in their own process groups, so killing the CLI's group misses them.
 */
export function killLeftovers(dir: string): void {
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`).startsWith(dir)) process.kill(Number(pid), "SIGKILL");
    } catch {
      // gone already, or not ours to read
    }
  }
}
