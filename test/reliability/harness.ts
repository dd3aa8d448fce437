// Bookkeeping for the reliability suite: after each scenario, compare what the platform (the
// emulator) holds with what Pulumi's state knows, count requests, search for the token, and keep
// one row per scenario for the table printed at the end.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunningEmulator } from "../../emulator/index.js";
import { repoRoot } from "../../scripts/engine-env.mjs";

export interface Row {
  scenario: string;
  runs: number;
  converged: boolean;
  duplicates: number;
  orphans: number;
  requests: number;
  leaks: number;
}

export const rows: Row[] = [];

type StateResource = { type: string; id?: string };
const KINDS = [
  ["Deployment", "deployments", "name"],
  ["AdapterRepo", "repos", "name"],
  ["FineTuningJob", "finetuning_jobs", "id"],
] as const;

/**
 * Duplicates: more platform objects of a kind than the program declares (a retried create that
 * created twice). Orphans: platform objects that state does not know and that still cost or block
 * something (a deployment, a repo, a job still queued or training), or state entries the platform
 * does not have. A finished job that destroy forgot is the platform's history, not an orphan;
 * neither is a job that failed.
 */
export function audit(
  emu: RunningEmulator,
  state: StateResource[],
  declared: Record<string, number> = { Deployment: 1, AdapterRepo: 1, FineTuningJob: 1 },
): { duplicates: number; orphans: number } {
  const tenant = emu.control.state().tenants[emu.tenantId];
  let duplicates = 0;
  let orphans = 0;
  for (const [type, kind, key] of KINDS) {
    const all = ((tenant?.[kind] ?? []) as Array<Record<string, unknown>>).filter(
      (o) => !["errored", "canceled", "deleting"].includes(String(o.status)),
    );
    const stateIds = state.filter((r) => r.type.endsWith(`:${type}`)).map((r) => String(r.id));
    duplicates += Math.max(0, all.length - (declared[type] ?? 0));
    const mustBeKnown = type === "FineTuningJob" ? all.filter((o) => o.status !== "completed") : all;
    orphans += mustBeKnown.filter((o) => !stateIds.includes(String(o[key]))).length;
    orphans += stateIds.filter((id) => !all.some((o) => String(o[key]) === id)).length;
  }
  return { duplicates, orphans };
}

/** Every file of a local backend (state, history, backups) as one text, to search for secrets. */
export function backendText(dir: string): string {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : [readFileSync(join(d, e.name), "utf8")],
    );
  return walk(join(dir, "backend")).join("\n");
}

/** Times the token appears in any of the texts. */
export function leaks(token: string, ...texts: string[]): number {
  return texts.reduce((n, text) => n + (text.split(token).length - 1), 0);
}

export function printTable(): string {
  const header = "| scenario | runs | converged | duplicates | orphans | requests | leaked secrets |";
  const lines = rows.map(
    (r) =>
      `| ${r.scenario} | ${r.runs} | ${r.converged ? "yes" : "no"} | ${r.duplicates} | ${r.orphans} | ${r.requests} | ${r.leaks} |`,
  );
  const table = [header, "| --- | --- | --- | --- | --- | --- | --- |", ...lines].join("\n");
  const dir = join(repoRoot, ".cache", "reliability");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "table.md"), `${table}\n`);
  console.log(`\nReliability table\n${table}\n`);
  return table;
}
