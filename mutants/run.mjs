#!/usr/bin/env node
// The mutation check (`npm run test:mutants`): for each guard in ./list.mjs, break it on purpose and
// show that a test fails. A guard no test notices is a test to write; a guard whose code fragment
// is gone (moved, rewritten) is a list entry to update. Either makes this script exit non-zero.
//
// It never edits the repository: each run copies the working tree (tracked and untracked files that
// git does not ignore) to .cache/mutants/work, with node_modules hard-linked on the first run and
// reused later (nothing writes into it: the vitest cache there is removed). Mutants are applied to
// the copy one at a time and restored after each. Tests that drive the engine load the package
// from dist/ (node_modules/pulumi-predibase -> ..), so for those the copy is built with the mutant.
//
// Usage: node mutants/run.mjs [--only <text>] [--list] [--no-baseline] [--timeout <s>]
//   --only        run the mutants whose name contains <text> (repeatable)
//   --list        print the list and exit
//   --no-baseline skip the first run of the unmutated tests (which must pass for a kill to mean anything)
//   --timeout     seconds before a test run is stopped and the mutant counted as killed by a hang (default 600)
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MUTANTS } from "./list.mjs";

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const scratchRoot = join(repoRoot, ".cache", "mutants");
const work = join(scratchRoot, "work");

const args = parseArgs(process.argv.slice(2));
const selected = args.only.length
  ? MUTANTS.filter((m) => args.only.some((text) => m.name.includes(text)))
  : MUTANTS;

if (args.list) {
  for (const m of selected) console.log(`${m.name}\n  ${m.file}\n  tests: ${m.tests.join(", ")}`);
  process.exit(0);
}
if (selected.length === 0) {
  console.error(`no mutant matches ${args.only.join(", ")}`);
  process.exit(2);
}

// Tests that load the package through the engine need dist/ built with the mutant.
// test/provider holds two of those among its direct tests.
const ENGINE_TESTS =
  /^test\/(e2e|examples|promises|reliability|engine)\/|^test\/provider\/(registration-stacks|upgrade)\.test\.ts$|^test\/plugin\/lazy-modules\.test\.ts$/;
const needsBuild = (tests) => tests.some((t) => ENGINE_TESTS.test(t));
const node = existsSync(join(repoRoot, "node_modules", ".bin", "node"))
  ? join(repoRoot, "node_modules", ".bin", "node")
  : process.execPath;

const started = Date.now();
prepareCopy();
const problems = [];

// Every named test file must exist, and every fragment must be found exactly once, before anything
// runs: a refactor that moved a guard is reported at once.
for (const m of selected) {
  for (const t of m.tests)
    if (!existsSync(join(work, t))) problems.push(`${m.name}: test file ${t} not found`);
  const path = join(work, m.file);
  const count = existsSync(path) ? occurrences(readFileSync(path, "utf8"), m.find) : -1;
  m.found = count;
  if (count === -1) problems.push(`${m.name}: source file ${m.file} not found`);
  else if (count === 0) problems.push(`${m.name}: fragment not found in ${m.file} (moved or rewritten?)`);
  else if (count > 1) problems.push(`${m.name}: fragment found ${count} times in ${m.file}; make it unique`);
}

// Tests that already fail unmutated cannot show a kill: they are reported (and fail the check),
// and a mutant counts as killed only by a test that passed here.
const failingBefore = new Set();
if (args.baseline) {
  const files = [...new Set(selected.filter((m) => m.found === 1).flatMap((m) => m.tests))];
  log(`baseline: ${files.length} test file(s) unmutated`);
  if (needsBuild(files)) build();
  const base = await runTests(files);
  if (!base.passed) {
    if (base.failures.length === 0) {
      problems.push(`baseline: the unmutated tests fail (${base.note}): kills would mean nothing`);
      report([]);
      process.exit(1);
    }
    for (const f of base.failures) failingBefore.add(f);
    problems.push(
      `baseline: ${base.failures.length} test(s) fail unmutated, ignored as evidence: ${base.failures.join("; ")}`,
    );
    log(problems.at(-1));
  }
}

const rows = [];
for (const m of selected) {
  if (m.found !== 1) {
    rows.push({ m, result: "fragment missing", killed: false, seconds: 0, failures: [] });
    continue;
  }
  const path = join(work, m.file);
  const original = readFileSync(path, "utf8");
  const t0 = Date.now();
  let outcome;
  try {
    writeFileSync(
      path,
      original.replace(m.find, () => m.replace),
    );
    log(`mutant: ${m.name}`);
    if (needsBuild(m.tests)) build();
    outcome = await runTests(m.tests);
  } finally {
    writeFileSync(path, original);
  }
  const seconds = Math.round((Date.now() - t0) / 1000);
  const failures = outcome.failures.filter((f) => !failingBefore.has(f));
  // Killed: a test that passed unmutated fails, the run hung, or it failed without per-test results.
  const killed = !outcome.passed && (failures.length > 0 || outcome.failures.length === 0);
  rows.push({ m, killed, result: killed ? outcome.note || "killed" : "SURVIVED", failures, seconds });
}
// Leave dist/ of the copy as the unmutated code for whoever runs the copy next.
if (selected.some((m) => needsBuild(m.tests))) build();

report(rows);
const survivors = rows.filter((r) => !r.killed);
process.exit(survivors.length > 0 || problems.length > 0 ? 1 : 0);

// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const out = { only: [], list: false, baseline: true, timeout: 600 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--only") out.only.push(argv[++i] ?? "");
    else if (a === "--list") out.list = true;
    else if (a === "--no-baseline") out.baseline = false;
    else if (a === "--timeout") out.timeout = Number(argv[++i]);
    else {
      console.error(`unknown argument ${a}`);
      process.exit(2);
    }
  }
  return out;
}

function log(line) {
  console.log(`[mutants ${Math.round((Date.now() - started) / 1000)}s] ${line}`);
}

function occurrences(text, fragment) {
  let count = 0;
  for (let i = text.indexOf(fragment); i !== -1; i = text.indexOf(fragment, i + 1)) count++;
  return count;
}

/** The working tree as git sees it (ignored files left out) under .cache/mutants/work. */
function prepareCopy() {
  mkdirSync(work, { recursive: true });
  for (const entry of readdirSync(work)) {
    if (entry !== "node_modules") rmSync(join(work, entry), { recursive: true, force: true });
  }
  const listed = spawnSync("git", ["ls-files", "-z", "-c", "-o", "--exclude-standard"], {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  let copied = 0;
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    const from = join(repoRoot, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(dirname(join(work, file)), { recursive: true });
    cpSync(from, join(work, file), { verbatimSymlinks: true });
    copied++;
  }
  const modules = join(work, "node_modules");
  if (!existsSync(modules)) {
    log("hard-linking node_modules into the copy (first run)");
    const cp = spawnSync("cp", ["-al", join(repoRoot, "node_modules"), modules], { stdio: "inherit" });
    if (cp.status !== 0) throw new Error("cp -al node_modules failed");
  }
  // Caches written at run time must not be hard links into the real node_modules.
  for (const cache of [".vite", ".cache", ".vitest"])
    rmSync(join(modules, cache), { recursive: true, force: true });
  log(`copied ${copied} files to ${work}`);
}

function build() {
  log("building dist/ in the copy");
  rmSync(join(work, "dist"), { recursive: true, force: true });
  const tsc = spawnSync(
    node,
    [join(work, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: work,
      encoding: "utf8",
    },
  );
  if (tsc.status !== 0) {
    // A mutant that does not compile is still run: vitest strips types, the engine's tests then fail.
    log(`build reported errors:\n${(tsc.stdout + tsc.stderr).split("\n").slice(0, 5).join("\n")}`);
  }
}

/** Runs vitest on `files` in the copy: passed, and the titles of failing tests. */
function runTests(files) {
  const out = join(scratchRoot, `result-${process.pid}.json`);
  rmSync(out, { force: true });
  return new Promise((resolve) => {
    const child = spawn(
      node,
      [
        join(work, "node_modules", "vitest", "vitest.mjs"),
        "run",
        ...files,
        "--reporter=json",
        `--outputFile=${out}`,
      ],
      { cwd: work, detached: true, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, CI: "1" } },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, "SIGKILL"); // the whole group: vitest's workers, engines, emulators
      } catch {}
    }, args.timeout * 1000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      const failures = [];
      let counted = false;
      if (existsSync(out)) {
        try {
          const report = JSON.parse(readFileSync(out, "utf8"));
          counted = true;
          for (const file of report.testResults ?? []) {
            for (const a of file.assertionResults ?? []) {
              if (a.status === "failed") failures.push(a.fullName ?? a.title);
            }
            if ((file.assertionResults ?? []).length === 0 && file.status === "failed") {
              failures.push(`${file.name.replace(`${work}/`, "")}: ${String(file.message).split("\n")[0]}`);
            }
          }
        } catch {}
      }
      if (timedOut) resolve({ passed: false, failures, note: `killed (hung past ${args.timeout}s)` });
      else if (code === 0) resolve({ passed: true, failures });
      else
        resolve({
          passed: false,
          failures,
          note:
            failures.length || !counted
              ? ""
              : `vitest exited ${code}: ${stderr.split("\n").slice(-3).join(" ")}`,
        });
    });
  });
}

function report(rows) {
  const lines = [
    "",
    "| # | guard | mutated file | test file(s) | killed | failing tests | s |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  rows.forEach((r, i) => {
    const failing = r.failures.length
      ? `${r.failures.length}: ${r.failures[0].slice(0, 90)}${r.failures.length > 1 ? " …" : ""}`
      : r.result === "SURVIVED" || r.result === "fragment missing"
        ? "-"
        : r.result;
    lines.push(
      `| ${i + 1} | ${r.m.name} | ${r.m.file} | ${r.m.tests.join("<br>")} | ${r.killed ? "yes" : `**no** (${r.result})`} | ${failing.replaceAll("|", "\\|")} | ${r.seconds} |`,
    );
  });
  const killed = rows.filter((r) => r.killed).length;
  lines.push(
    "",
    `${killed}/${rows.length} mutants killed in ${Math.round((Date.now() - started) / 1000)} s.`,
  );
  for (const p of problems) lines.push(`problem: ${p}`);
  console.log(lines.join("\n"));
  writeFileSync(join(scratchRoot, "results.md"), `${lines.join("\n")}\n`);
}
