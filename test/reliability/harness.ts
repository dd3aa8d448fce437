// Bookkeeping for the reliability suite: compare what the platform (the emulator) holds with what
// Pulumi's state knows, count requests, search texts for the token, and keep one row per scenario.
//
// The suite is several test files that vitest may run in parallel worker processes. Each file
// records its rows and, when it ends, writes them to `.cache/reliability/runs/<run>/<file>.json`,
// where <run> identifies the vitest process that started the workers (their parent). The file that
// finds every other file of test/reliability already written prints the complete table, whatever
// order the files ran in, and writes it to `.cache/reliability/table.md` and `rows.jsonl`.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { FaultRule, RunningEmulator } from "../../emulator/index.js";
import { repoRoot } from "../../scripts/engine-env.mjs";

export interface Row {
  scenario: string;
  /** Pulumi operations (or client runs) the scenario made. */
  runs: number;
  /** Ended as expected: converged after the faults, or failed clearly where a failure was the point. */
  converged: boolean;
  duplicates: number;
  orphans: number;
  /** Platform calls in the emulator's request log. */
  requests: number;
  /** Occurrences of the API token (and any other secret the scenario used) in every text it collected. */
  leaks: number;
  /** The faults the scenario armed and how many of them fired, as the fault injector counted them. */
  faults: FaultCount;
  /** Set on a scenario that shows a documented limitation (docs/reliability.md): not held to zero. */
  known?: string;
}

const OUT_DIR = join(repoRoot, ".cache", "reliability");
const SUITE_DIR = join(repoRoot, "test", "reliability");

/** The vitest process whose workers run the files: the same for every file of one `vitest run`. */
function runId(): string {
  const ppid = process.ppid;
  let started = "0";
  try {
    // Field 22 of /proc/<pid>/stat (start time), counted after the parenthesised command name.
    const stat = readFileSync(`/proc/${ppid}/stat`, "utf8");
    started = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "0";
  } catch {
    // not Linux: the pid alone
  }
  return `${ppid}-${started}`;
}

function alive(run: string): boolean {
  return existsSync(`/proc/${run.split("-")[0]}`);
}

/** The suite's files, in a stable order: the order of the table. */
function suiteFiles(): string[] {
  return readdirSync(SUITE_DIR)
    .filter((f) => f.endsWith(".test.ts") && !f.startsWith("_"))
    .sort();
}

/** `none` when the scenario armed nothing; else "<calls hit> (<rules that fired>/<rules armed> rules)". */
export function formatFaults(f: FaultCount): string {
  if (f.armed === 0) return "none armed";
  return `${f.hits} (${f.fired}/${f.armed} rules)`;
}

export function formatTable(rows: Row[]): string {
  const header =
    "| scenario | runs | converged | duplicates | orphans | leaked secrets | faults fired | requests |";
  const lines = rows.map(
    (r) =>
      `| ${r.scenario}${r.known ? " (†)" : ""} | ${r.runs} | ${r.converged ? "yes" : "**no**"} | ` +
      `${r.duplicates} | ${r.orphans} | ${r.leaks} | ${formatFaults(r.faults)} | ${r.requests} |`,
  );
  const notes = rows.filter((r) => r.known).map((r) => `(†) ${r.scenario}: ${r.known}`);
  return [
    header,
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...lines,
    ...(notes.length ? ["", ...notes] : []),
  ].join("\n");
}

/**
 * The scenario's faults fired: every rule that must hit did (`unfired` is empty). A scenario whose
 * faults never fired proved nothing.
 */
export function faultsFired(f: FaultCount): boolean {
  return f.unfired.length === 0;
}

/**
 * A row breaks the suite's promise: not converged, a duplicate, orphan or leak (unless documented),
 * or a fault it armed that never fired.
 */
export function isClean(r: Row): boolean {
  if (!faultsFired(r.faults)) return false;
  return r.known !== undefined || (r.converged && r.duplicates === 0 && r.orphans === 0 && r.leaks === 0);
}

export interface FaultCount {
  /** Distinct rules armed (a rule armed again in a later step counts once). */
  armed: number;
  /** Of those, the rules that hit at least one call. */
  fired: number;
  /** Calls the rules hit (delays included), summed over every step. */
  hits: number;
  /**
   * What should have fired and did not: each rule with no `probability` that never hit, and, if
   * no random rule (one with a `probability`) hit at all, those together. Random rules need not
   * all hit (a 3% rule may miss a short run); together they must.
   */
  unfired: string[];
}

/**
 * Counts what the emulator's fault injector did with the rules a scenario arms. `arm` adds rules;
 * `collect` (before the rules are cleared) reads each rule's hit count from the injector. A rule
 * with a `count` that is gone from the injector's list expired: it hit `count` calls.
 */
export class FaultTally {
  private readonly hitsBySpec = new Map<string, number>();
  private pending: Array<{ id: number; spec: string; count: number | undefined }> = [];
  /** Rules armed elsewhere (a proxy in front of the emulator), reported with `extra`. */
  private readonly extras: Array<() => Array<{ spec: string; hits: number }>> = [];

  constructor(private readonly emu: RunningEmulator) {}

  arm(rules: FaultRule[]): void {
    const known = new Set(this.emu.control.faults().map((f) => f.id));
    const added = this.emu.control.addFaults(rules).filter((f) => !known.has(f.id));
    for (const f of added) {
      const { id: _id, remaining: _r, hits: _h, ...rule } = f;
      const spec = JSON.stringify(rule);
      if (!this.hitsBySpec.has(spec)) this.hitsBySpec.set(spec, 0);
      this.pending.push({ id: f.id, spec, count: f.count });
    }
  }

  /** Reads the hits of the rules armed since the last collect. Call it before clearing the rules. */
  collect(): void {
    const now = new Map(this.emu.control.faults().map((f) => [f.id, f.hits]));
    for (const p of this.pending) {
      const hits = now.get(p.id) ?? p.count ?? 0; // gone from the list: expired after `count` hits
      this.hitsBySpec.set(p.spec, (this.hitsBySpec.get(p.spec) ?? 0) + hits);
    }
    this.pending = [];
  }

  /** Adds rules counted outside the emulator (e.g. a proxy's), read when `count()` runs. */
  extra(read: () => Array<{ spec: string; hits: number }>): void {
    this.extras.push(read);
  }

  count(): FaultCount {
    this.collect();
    const all = [...this.hitsBySpec.entries()];
    for (const read of this.extras) for (const e of read()) all.push([e.spec, e.hits]);
    const random = (spec: string) => spec.includes('"probability"');
    const fixed = all.filter(([spec]) => !random(spec));
    const rolled = all.filter(([spec]) => random(spec));
    const unfired = fixed.filter(([, h]) => h === 0).map(([spec]) => spec);
    if (rolled.length > 0 && rolled.every(([, h]) => h === 0))
      unfired.push(`none of the ${rolled.length} random rules: ${rolled.map(([spec]) => spec).join(", ")}`);
    return {
      armed: all.length,
      fired: all.filter(([, h]) => h > 0).length,
      hits: all.reduce((n, [, h]) => n + h, 0),
      unfired,
    };
  }
}

/** No faults armed: what a row of a scenario without fault injection reports. */
export const NO_FAULTS: FaultCount = { armed: 0, fired: 0, hits: 0, unfired: [] };

/**
 * `.cache/reliability/latest.md`: the table from each file's latest rows, in suite order, with when
 * each file last ran. What `npm run test:reliability` prints at its end, also when files ran apart.
 */
function writeLatestTable(): void {
  const found = suiteFiles().flatMap((f) => {
    const path = join(OUT_DIR, "latest", `${f}.json`);
    if (!existsSync(path)) return [];
    return [{ file: f, ...(JSON.parse(readFileSync(path, "utf8")) as { at: string; rows: Row[] }) }];
  });
  const when = found.map((f) => `${f.file} ${f.at}`).join("; ");
  writeFileSync(
    join(OUT_DIR, "latest.md"),
    `${formatTable(found.flatMap((f) => f.rows))}\n\nFiles and when they last ran: ${when}\n`,
  );
}

/**
 * Rows of one test file. `finish()` (in the file's afterAll) stores them and, if this is the last
 * file of the run to finish, prints the table of the whole suite and returns all rows.
 */
export function rowsOf(testFile: string) {
  const file = basename(testFile);
  const rows: Row[] = [];
  return {
    rows,
    add(row: Row): Row {
      rows.push(row);
      return row;
    },
    finish(): Row[] | undefined {
      const runsDir = join(OUT_DIR, "runs");
      mkdirSync(runsDir, { recursive: true });
      for (const old of readdirSync(runsDir)) {
        if (!alive(old)) rmSync(join(runsDir, old), { recursive: true, force: true });
      }
      const dir = join(runsDir, runId());
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${file}.json`), JSON.stringify(rows));
      // The latest rows of each file, kept across runs: files run one at a time still make a table.
      mkdirSync(join(OUT_DIR, "latest"), { recursive: true });
      writeFileSync(
        join(OUT_DIR, "latest", `${file}.json`),
        JSON.stringify({ at: new Date().toISOString(), rows }),
      );
      console.log(`\n${file}\n${formatTable(rows)}\n`);
      writeLatestTable();
      const files = suiteFiles();
      const done = files.filter((f) => existsSync(join(dir, `${f}.json`)));
      if (done.length < files.length) return undefined;
      try {
        mkdirSync(join(dir, "printed")); // only one file prints, even if two finish together
      } catch {
        return undefined;
      }
      const all = files.flatMap((f) => JSON.parse(readFileSync(join(dir, `${f}.json`), "utf8")) as Row[]);
      const table = formatTable(all);
      writeFileSync(join(OUT_DIR, "table.md"), `${table}\n`);
      writeFileSync(join(OUT_DIR, "rows.jsonl"), `${all.map((r) => JSON.stringify(r)).join("\n")}\n`);
      console.log(`\nReliability table (all ${files.length} files of test/reliability)\n${table}\n`);
      return all;
    },
  };
}

type StateResource = { type: string; id?: string };
type Kind = "repos" | "datasets" | "deployments" | "finetuning_jobs" | "batch_jobs";
const KINDS: Array<[type: string, kind: Kind, key: "name" | "id"]> = [
  ["Deployment", "deployments", "name"],
  ["AdapterRepo", "repos", "name"],
  ["Dataset", "datasets", "name"],
  ["FineTuningJob", "finetuning_jobs", "id"],
  ["BatchInferenceJob", "batch_jobs", "id"],
];

/** What the estate program declares. */
export const ESTATE = { Deployment: 1, AdapterRepo: 1, Dataset: 1, FineTuningJob: 1, BatchInferenceJob: 1 };

const GONE = ["errored", "canceled", "deleting"];
const FINISHED = ["completed", "errored", "canceled"];

/**
 * Duplicates: more live platform objects of a kind than the program declares (a retried create that
 * created twice). Orphans: a platform object that state does not know and that still costs or
 * blocks something (a deployment, a repo, a job still queued, training or running; a dataset, except
 * after a destroy), plus a state entry the platform does not have. What a destroy leaves behind by
 * design (datasets and finished jobs: the API cannot delete them) is history, not an orphan.
 */
export function audit(
  emu: RunningEmulator,
  state: StateResource[],
  declared: Record<string, number> = ESTATE,
  destroyed = false,
): { duplicates: number; orphans: number; detail: string[] } {
  const tenant = emu.control.state().tenants[emu.tenantId];
  const detail: string[] = [];
  let duplicates = 0;
  let orphans = 0;
  for (const [type, kind, key] of KINDS) {
    const all = (tenant?.[kind] ?? []) as Array<Record<string, unknown>>;
    const live = all.filter((o) => !GONE.includes(String(o.status)));
    const stateIds = state.filter((r) => r.type.endsWith(`:${type}`)).map((r) => String(r.id));
    const extra = Math.max(0, live.length - (declared[type] ?? 0));
    if (extra > 0) detail.push(`${extra} duplicate ${type}: ${live.map((o) => String(o[key])).join(", ")}`);
    duplicates += extra;
    const mustBeKnown = live.filter((o) => {
      if (type === "FineTuningJob" || type === "BatchInferenceJob")
        return !FINISHED.includes(String(o.status));
      if (type === "Dataset") return !destroyed;
      return true;
    });
    for (const o of mustBeKnown.filter((o) => !stateIds.includes(String(o[key])))) {
      detail.push(`${type} ${String(o[key])} (${String(o.status)}) is on the platform but not in state`);
      orphans++;
    }
    for (const id of stateIds.filter((id) => !all.some((o) => String(o[key]) === id))) {
      detail.push(`${type} ${id} is in state but not on the platform`);
      orphans++;
    }
  }
  return { duplicates, orphans, detail };
}

/** Every file of a local backend folder (state, history, backups, locks) as one text. */
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
