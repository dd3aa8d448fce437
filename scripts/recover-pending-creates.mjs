#!/usr/bin/env node
// pulumi-predibase-recover: after the `pulumi` CLI was killed while creating Predibase resources
// (a CI runner's hard time limit, an OOM kill), puts each object the platform already has into the
// stack's state, so the next `pulumi up` resumes instead of creating it twice.
//
// Why a command of our own: Pulumi 3.276's `pulumi refresh --import-pending-creates <urn> <id>`
// drops the pending creates without reading them into the state (measured in
// test/engine/pending-creates.test.ts; docs/engine.md), which would orphan the objects.
//
// Run it in the Pulumi project's folder, with the same credentials `pulumi up` uses (stack config
// `predibase:*` or PREDIBASE_* variables), and the `pulumi` CLI on PATH, after `pulumi cancel`
// has released the killed run's lock:
//
//   pulumi cancel --yes
//   npx pulumi-predibase-recover [--stack <name>] [--cwd <dir>] [--yes]
//
// For each pending create of a pulumi-predibase resource it finds the platform object: a repo,
// dataset or deployment by its name; a fine-tuning or batch job by its inputs (the newest not failed
// that no other resource of the stack holds). Found: written into the state with that id, then
// read by `pulumi refresh`. Not found: the create never reached the platform, and the pending
// operation is dropped. Without --yes it only prints what it would do.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
// The SDK of the same installed package (dist/ beside this file).
const { Predibase } = createRequire(import.meta.url)("../dist/sdk/index.js");
const TYPE_PREFIX = "pulumi-nodejs:dynamic/predibase:";

function parseArgs(argv) {
  const opts = { stack: undefined, cwd: process.cwd(), yes: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--yes" || a === "-y") opts.yes = true;
    else if (a === "--stack" || a === "-s") opts.stack = argv[++i];
    else if (a === "--cwd" || a === "-C") opts.cwd = argv[++i];
    else if (a === "--help" || a === "-h") {
      console.log("usage: pulumi-predibase-recover [--stack <name>] [--cwd <dir>] [--yes]");
      process.exit(0);
    } else {
      throw new Error(
        `unknown argument "${a}"; usage: pulumi-predibase-recover [--stack <name>] [--cwd <dir>] [--yes]`,
      );
    }
  }
  return opts;
}

async function pulumi(opts, args) {
  const full = [...args, "--non-interactive", ...(opts.stack ? ["--stack", opts.stack] : [])];
  const { stdout } = await run("pulumi", full, { cwd: opts.cwd, maxBuffer: 256 << 20 });
  return stdout;
}

/** Connection settings as the provider resolves them: stack config first, then PREDIBASE_*. */
async function client(opts) {
  let config = {};
  try {
    config = JSON.parse(await pulumi(opts, ["config", "--json", "--show-secrets"]));
  } catch {
    // no stack config: the environment alone
  }
  const get = (key, env) => config[`predibase:${key}`]?.value || process.env[env] || undefined;
  return new Predibase({
    apiToken: get("apiToken", "PREDIBASE_API_TOKEN"),
    apiUrl: get("apiUrl", "PREDIBASE_API_URL"),
    servingUrl: get("servingUrl", "PREDIBASE_SERVING_URL"),
    tenantId: get("tenantId", "PREDIBASE_TENANT_ID"),
  });
}

async function exists(fetch) {
  try {
    await fetch();
    return true;
  } catch (err) {
    if (err?.status === 404) return false;
    throw err;
  }
}

const FAILED = new Set(["errored", "failed", "canceled", "cancelled", "stopped", "deleted"]);

/** The platform id of the object a pending create made, or undefined when the platform has none. */
async function findObject(pb, kind, inputs, taken) {
  if (kind === "AdapterRepo" || kind === "Dataset" || kind === "Deployment") {
    const name = inputs.name;
    if (typeof name !== "string" || name === "") return undefined;
    const api = { AdapterRepo: pb.repos, Dataset: pb.datasets, Deployment: pb.deployments }[kind];
    return (await exists(() => api.get(name))) ? name : undefined;
  }
  const jobs =
    kind === "FineTuningJob" ? await pb.finetuning.jobs.list() : await pb.batchInference.jobs.list();
  const matches = jobs.filter(
    (j) =>
      j.base_model === inputs.baseModel &&
      j.dataset === inputs.dataset &&
      (kind !== "FineTuningJob" || j.repo === inputs.repo) &&
      !FAILED.has(j.status) &&
      !taken.has(j.id),
  );
  matches.sort((a, b) => String(b.created_at ?? "").localeCompare(String(a.created_at ?? "")));
  return matches[0]?.id;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const exported = JSON.parse(await pulumi(opts, ["stack", "export"]));
  const deployment = exported.deployment;
  const pending = deployment.pending_operations ?? [];
  const ours = pending.filter((op) => op.type === "creating" && op.resource?.type?.startsWith(TYPE_PREFIX));
  if (ours.length === 0) {
    console.log("no pending creates of pulumi-predibase resources: nothing to recover");
    return;
  }
  const pb = await client(opts);
  const taken = new Set((deployment.resources ?? []).map((r) => r.id).filter(Boolean));
  const adopted = [];
  const dropped = [];
  try {
    for (const op of ours) {
      const kind = op.resource.type.slice(TYPE_PREFIX.length);
      const id = await findObject(pb, kind, op.resource.inputs ?? {}, taken);
      if (id) {
        taken.add(id);
        adopted.push({ op, id });
      } else {
        dropped.push(op);
      }
    }
  } finally {
    await pb.close?.();
  }
  for (const { op, id } of adopted) console.log(`adopt  ${op.resource.urn}  id ${id}`);
  for (const op of dropped)
    console.log(`drop   ${op.resource.urn}  (not on the platform: its create never arrived)`);
  if (!opts.yes) {
    console.log("dry run: run again with --yes to write this into the stack's state");
    return;
  }
  // Outputs start as the inputs (they hold the provider reference the refresh needs); the
  // refresh below replaces them with what the platform reports.
  deployment.resources = [
    ...(deployment.resources ?? []),
    ...adopted.map(({ op, id }) => ({ ...op.resource, id, outputs: { ...op.resource.inputs } })),
  ];
  const handled = new Set(ours);
  deployment.pending_operations = pending.filter((op) => !handled.has(op));
  const dir = mkdtempSync(join(tmpdir(), "predibase-recover-"));
  try {
    const file = join(dir, "state.json");
    writeFileSync(file, JSON.stringify(exported));
    await pulumi(opts, ["stack", "import", "--file", file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (adopted.length > 0) {
    const targets = adopted.flatMap(({ op }) => ["--target", op.resource.urn]);
    await pulumi(opts, ["refresh", "--yes", "--skip-pending-creates", ...targets]);
  }
  console.log(`recovered: ${adopted.length} adopted, ${dropped.length} dropped; run \`pulumi up\` to resume`);
}

main().catch((err) => {
  const detail = err?.stderr ? `${err.message}\n${err.stderr}` : (err?.message ?? String(err));
  console.error(`pulumi-predibase-recover: ${detail}`);
  process.exit(1);
});
