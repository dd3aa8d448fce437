// A CI runner that ends the run at its time limit (issue 13, item 3): the `pulumi` CLI, running an
// on-disk project as a user runs it, is stopped while a deployment waits for readiness and a
// fine-tuning job trains; then the next run. SIGINT is the runner's first signal (Pulumi lets the
// operations in flight finish); SIGKILL is the last (nothing is recorded but pending creates).
// Each row counts what the platform holds against the state after the next run.
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { repoRoot } from "../../scripts/engine-env.mjs";
import { emulator } from "../support/platform.js";
import { newWorkDir } from "../support/stacks.js";
import { audit, backendText, type FaultCount, isClean, leaks, rowsOf } from "./harness.js";
import { importPendingCreates, killLeftovers, type Project, project, untilCreatesSent } from "./interrupt.js";

const table = rowsOf(__filename);
/** What the program of interrupt.ts declares. */
const DECLARED = { Deployment: 1, AdapterRepo: 1, Dataset: 1, FineTuningJob: 1 };

type Signal = "SIGINT" | "SIGKILL";
type NextRun =
  | "pulumi-predibase-recover, then up"
  | "documented recovery, then up"
  | "plain up (what a rerun does)";
/** The project's recovery command (the package's `pulumi-predibase-recover` bin). */
const RECOVER = join(repoRoot, "scripts", "recover-pending-creates.mjs");

/** Runs a command as the next CI job would, with the project's environment. */
function command(p: Project, file: string, args: string[]) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    execFile(file, args, { cwd: p.dir, env: p.env }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

/** How the child ended: its exit code, or the signal that ended it. */
function ended(child: import("node:child_process").ChildProcess) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.on("exit", (code, signal) => resolve({ code, signal }));
  });
}

/** Still waiting: the deployment not yet ready and the job not yet trained, on the platform. */
function midWait(emu: RunningEmulator): boolean {
  const tenant = emu.control.state().tenants[emu.tenantId];
  const dep = (tenant?.deployments ?? [])[0] as { status?: string } | undefined;
  const job = (tenant?.finetuning_jobs ?? [])[0] as { status?: string } | undefined;
  return dep !== undefined && !/ready|standby/.test(String(dep.status)) && job?.status !== "completed";
}

async function interrupted(signal: Signal, next: NextRun) {
  const emu = await emulator({ clock: "manual" });
  const dir = newWorkDir(`interrupt-${signal}`);
  let pid: number | undefined;
  const outputs: string[] = [];
  let runs = 0;
  const run = async (p: Project, args: string[]) => {
    runs++;
    const r = await p.pulumi(args);
    outputs.push(r.out);
    return r;
  };
  try {
    const p = await project(dir, emu);
    const child = p.spawnUp();
    runs++;
    pid = child.pid;
    await untilCreatesSent(emu);
    await new Promise((r) => setTimeout(r, 1_500)); // a few readiness polls
    const waiting = midWait(emu);
    if (signal === "SIGINT") {
      process.kill(child.pid ?? 0, "SIGINT"); // Pulumi lets the operations in flight finish
      emu.control.advance(10_000);
    } else {
      process.kill(-(child.pid ?? 0), "SIGKILL"); // the CLI, its language host and plugins at once
    }
    const how = await ended(child);
    killLeftovers(dir);
    // The signal fired mid-wait and ended the run: that is the fault this row injects.
    const faults: FaultCount = {
      armed: 1,
      fired: waiting && (signal === "SIGINT" || how.signal === "SIGKILL") ? 1 : 0,
      hits: waiting ? 1 : 0,
      unfired: waiting ? [] : [`${signal} after the waits had ended`],
    };
    if (signal === "SIGKILL") {
      if (next === "documented recovery, then up") {
        runs += 4; // pulumi cancel, stack export, stack import, refresh
        await importPendingCreates(p, emu);
      } else if (next === "pulumi-predibase-recover, then up") {
        await run(p, ["cancel", "--yes"]); // the killed run's lock on the local backend
        runs++;
        const recovered = await command(p, process.execPath, [RECOVER, "--yes", "--cwd", p.dir]);
        outputs.push(recovered.out);
      } else {
        await run(p, ["cancel", "--yes"]); // the killed run's lock on the local backend
      }
      emu.control.advance(10_000);
    }
    // From here time runs (5000x): whatever the next run waits for, or starts again, can finish.
    emu.control.setClock({ mode: "scaled", time_scale: 5_000 });
    const upAgain = await run(p, ["up", "--yes", "--skip-preview"]);
    const exported = JSON.parse((await run(p, ["stack", "export"])).out);
    const found = audit(emu, exported.deployment?.resources ?? [], DECLARED);
    const row = {
      scenario: `runner stops pulumi with ${signal} mid-wait; next run: ${signal === "SIGINT" ? "up" : next}`,
      runs,
      converged: upAgain.code === 0,
      duplicates: found.duplicates,
      orphans: found.orphans,
      requests: emu.control.requests().length,
      leaks: leaks(emu.apiToken, ...outputs, backendText(join(dir, "state"))),
      faults,
      ...(signal === "SIGKILL" && next === "plain up (what a rerun does)"
        ? {
            known:
              "after a SIGKILL the stack holds only pending creates, and a plain `up` runs them again: a " +
              "named object meets its own name and a job would train twice. Run `pulumi-predibase-recover` " +
              "first (the row above); docs/engine.md says why Pulumi's own flag does not help",
          }
        : {}),
    };
    table.add(row);
    // Leave nothing behind for the next test.
    await run(p, ["destroy", "--yes"]);
    return { row, detail: found.detail, out: upAgain.out };
  } finally {
    if (pid) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    killLeftovers(dir);
    rmSync(dir, { recursive: true, force: true });
    await emu.close();
  }
}

describe("a run stopped at the runner's time limit, then the next run", () => {
  afterAll(() => {
    const all = table.finish();
    if (all) expect(all.filter((r) => !isClean(r))).toEqual([]);
  });

  it.each([
    ["SIGINT", "plain up (what a rerun does)"],
    ["SIGKILL", "documented recovery, then up"],
    ["SIGKILL", "pulumi-predibase-recover, then up"],
    ["SIGKILL", "plain up (what a rerun does)"],
  ] as Array<[Signal, NextRun]>)("%s mid-wait, next run: %s", async (signal, next) => {
    const { row, detail, out } = await interrupted(signal, next);
    expect(row.faults.fired, "the signal arrived while the deployment and the job waited").toBe(1);
    if (row.known) {
      // The engine's behaviour the recovery command exists for: if a Pulumi release makes a plain
      // `up` converge here, this fails, and the README's recovery advice should change with it.
      expect(row.converged, out.slice(-3000)).toBe(false);
      return;
    }
    expect({ ...row, detail }, out.slice(-3000)).toMatchObject({
      converged: true,
      duplicates: 0,
      orphans: 0,
      leaks: 0,
      detail: [],
    });
  });
});
