// An ephemeral environment from a script, the pattern for test environments in CI: deploy a
// model, fine-tune an adapter, smoke-query it, tear everything down, and say what is left.
//
//   node examples/automation/index.mts            (after `npm run build`)
//
// - State and secrets go where the caller's environment says (PULUMI_BACKEND_URL or the current
//   `pulumi login`; PULUMI_CONFIG_PASSPHRASE for a self-managed backend): see callerBackend.
// - Predibase: PREDIBASE_API_TOKEN (and PREDIBASE_TENANT_ID…) for your account; without a token
//   an emulator runs inside this process.
// - SIGINT or SIGTERM (Ctrl-C, a CI cancel) stops the running update cleanly, then destroys
//   everything it created; a second signal is ignored until the teardown is done.
// - Exit code: 0, 1 when something failed or still bills, 130/143 after an interruption.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LocalWorkspace } from "@pulumi/pulumi/automation/index.js";
import * as predibase from "pulumi-predibase";
import { type RunningEmulator, startEmulator } from "pulumi-predibase/emulator";
import { NotFoundError, Predibase } from "pulumi-predibase/sdk";

// Where the ephemeral stack's state and secrets go: wherever the caller's environment says, exactly
// as the pulumi CLI would decide. Nothing is overwritten; when nothing is set, a clear error says
// what to set instead of a prompt the CI run would hang on.
class BackendSettingsError extends Error {}

/** The backend URL the pulumi CLI will use: PULUMI_BACKEND_URL, else the current `pulumi login`. */
function callerBackend(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PULUMI_BACKEND_URL) return env.PULUMI_BACKEND_URL;
  const credentials = join(env.PULUMI_HOME || join(homedir(), ".pulumi"), "credentials.json");
  const current = existsSync(credentials)
    ? (JSON.parse(readFileSync(credentials, "utf8")) as { current?: string }).current
    : undefined;
  if (current) return current;
  if (env.PULUMI_ACCESS_TOKEN) return "https://api.pulumi.com";
  throw new BackendSettingsError(
    "no Pulumi backend: set PULUMI_BACKEND_URL (e.g. s3://my-bucket/pulumi, or file://$HOME/.pulumi-state " +
      "for this machine), set PULUMI_ACCESS_TOKEN for Pulumi Cloud, or run `pulumi login` first. " +
      "This script keeps its stack wherever your other stacks are; it never picks a backend for you.",
  );
}

/**
 * A self-managed backend (file, s3, gs, azblob, postgres) encrypts the stack's secrets with a
 * passphrase unless another secrets provider is chosen: require it up front rather than let
 * `pulumi` prompt for it.
 */
function checkPassphrase(backend: string, env: NodeJS.ProcessEnv = process.env): void {
  const selfManaged = !/^https?:\/\//.test(backend);
  if (!selfManaged || env.PULUMI_CONFIG_PASSPHRASE !== undefined || env.PULUMI_CONFIG_PASSPHRASE_FILE) return;
  throw new BackendSettingsError(
    `the backend ${backend} protects stack secrets with a passphrase: set PULUMI_CONFIG_PASSPHRASE or ` +
      "PULUMI_CONFIG_PASSPHRASE_FILE (the one your other stacks on this backend use).",
  );
}

/** The backend URL without credentials or query (a postgres:// URL may hold a password). */
function describeBackend(url: string): string {
  return url.replace(/\/\/[^/@]*@/, "//").replace(/\?.*$/, "");
}

// What a torn-down environment still leaves on the platform, checked on the platform itself after
// `destroy`: datasets (the API has no delete for them), fine-tuning jobs (kept as history; a job
// still running would bill), and any deployment or adapter repo the destroy did not remove.

/** One resource as the stack's state had it before the destroy. */
interface Created {
  kind: string;
  id: string;
}

interface Leftover {
  what: string;
  /** True for what keeps costing money: a deployment, or a job that still trains. */
  billing: boolean;
}

/** The Predibase objects in an exported stack state (`stack.exportStack()`). */
function createdObjects(state: { deployment?: { resources?: unknown[] } }): Created[] {
  const resources = (state.deployment?.resources ?? []) as Array<{ type?: string; id?: string }>;
  return resources.flatMap((r) => {
    const kind = /:(AdapterRepo|Dataset|Deployment|FineTuningJob|BatchInferenceJob)$/.exec(r.type ?? "")?.[1];
    return kind && r.id ? [{ kind, id: r.id }] : [];
  });
}

const gone = async (read: () => Promise<unknown>): Promise<boolean> => {
  try {
    await read();
    return false;
  } catch (err) {
    if (err instanceof NotFoundError) return true;
    throw err;
  }
};

/** Each created object that still exists, plus any deployment named after the run that state missed. */
async function leftovers(client: Predibase, created: Created[], runId: string): Promise<Leftover[]> {
  const left: Leftover[] = [];
  for (const { kind, id } of created) {
    if (kind === "Dataset" && !(await gone(() => client.datasets.get(id)))) {
      left.push({
        what: `dataset ${id} (the API cannot delete datasets: remove it in the console)`,
        billing: false,
      });
    } else if (kind === "AdapterRepo" && !(await gone(() => client.repos.get(id)))) {
      left.push({ what: `adapter repo ${id}`, billing: false });
    } else if (kind === "FineTuningJob") {
      const job = await client.finetuning.jobs.get(id).catch(() => undefined);
      if (!job) continue;
      const running = !["completed", "errored", "canceled", "cancelled", "stopped"].includes(job.status);
      left.push({ what: `fine-tuning job ${id}, ${job.status} (jobs stay as history)`, billing: running });
    }
  }
  // Deployments are what bills by the hour: look by name too, in case one never reached the state.
  for (const d of await client.deployments.list()) {
    if (d.name.startsWith(`${runId}-`) && d.status !== "deleting" && d.status !== "deleted") {
      left.push({ what: `deployment ${d.name}, ${d.status}`, billing: true });
    }
  }
  return left;
}

// ---- the run

const say = (line: string) => console.log(`[ephemeral] ${line}`);

let backend: string;
try {
  backend = callerBackend();
  checkPassphrase(backend);
} catch (err) {
  if (!(err instanceof BackendSettingsError)) throw err;
  console.error(`[ephemeral] ${err.message}`);
  process.exit(2);
}

// Ctrl-C or a CI cancel: pulumi stops the update (it finishes the operations in flight and records
// them in the state, so nothing is orphaned), then the teardown below runs. A terminal's Ctrl-C
// reaches pulumi too (the whole process group gets it), so SIGINT is not passed on: a second SIGINT
// would make pulumi quit at once and leave what it was creating outside the state. SIGTERM is sent
// to this process alone (`kill`, a CI runner): it is passed on to pulumi as the SIGINT it expects.
const stop = new AbortController();
let interrupted: NodeJS.Signals | undefined;
const onSignal = (signal: NodeJS.Signals) => {
  if (interrupted) {
    say(`${signal} again: still tearing down so nothing is left billing (SIGKILL leaves it as it is)`);
    return;
  }
  interrupted = signal;
  say(`${signal}: stopping the update, then destroying everything it created`);
  if (signal === "SIGTERM") stop.abort();
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

let emulator: RunningEmulator | undefined;
if (!process.env.PREDIBASE_API_TOKEN) {
  emulator = await startEmulator({ timeScale: 1_000 });
  Object.assign(process.env, {
    PREDIBASE_API_TOKEN: emulator.apiToken,
    PREDIBASE_API_URL: emulator.apiUrl,
    PREDIBASE_SERVING_URL: emulator.servingUrl,
    PREDIBASE_TENANT_ID: emulator.tenantId,
  });
  say(`embedded emulator at ${emulator.servingUrl}`);
}

const runId = process.env.EPHEMERAL_RUN_ID || `ci-${Date.now().toString(36)}`;
const program = async () => {
  const repo = new predibase.AdapterRepo("adapters", { name: `${runId}-adapters` });
  const data = new predibase.Dataset("data", { name: `${runId}-data`, source: "s3://acme-ml/smoke.jsonl" });
  const job = new predibase.FineTuningJob("tune", {
    baseModel: "llama-3-2-1b-instruct",
    dataset: data.name,
    repo: repo.name,
  });
  const llm = new predibase.Deployment("llm", {
    name: `${runId}-llm`,
    baseModel: "llama-3-2-1b-instruct",
    deleteOnFailure: true, // a CI environment must never leave a GPU billing
  });
  return { adapterVersion: job.adapterVersion, deployment: llm.name };
};

// The project folder holds only Pulumi.yaml; it sits beside this script so the engine's Node
// processes resolve pulumi-predibase from the same node_modules as the script.
const workRoot = fileURLToPath(new URL("./.work/", import.meta.url));
mkdirSync(workRoot, { recursive: true });
const workDir = mkdtempSync(`${workRoot}${runId}-`);
say(`state in ${describeBackend(backend)}, stack ${runId}`);
const stack = await LocalWorkspace.createOrSelectStack(
  { stackName: runId, projectName: "predibase-ephemeral", program },
  { workDir },
);
const client = new Predibase();
const log = (out: string) => process.stdout.write(out.replace(/^/gm, "    "));

let failed = false;
try {
  if (interrupted) throw new Error("before the update started");
  say(`creating environment ${runId}`);
  const up = await stack.up({ onOutput: log, signal: stop.signal });
  const adapter = String(up.outputs.adapterVersion?.value);
  const deployment = String(up.outputs.deployment?.value);
  say(`ready: deployment ${deployment}, adapter ${adapter} (${up.summary.resourceChanges?.create} created)`);
  if (interrupted) throw new Error("after the update, before the smoke test");

  const answer = await client.deployment(deployment).generate(
    {
      inputs: "Summarise: the parcel arrived damaged.",
      parameters: { adapter_id: adapter, adapter_source: "pbase", max_new_tokens: 16 },
    },
    { signal: stop.signal },
  );
  if (!answer.generated_text.trim()) throw new Error("smoke query returned no text");
  say(`smoke query answered: "${answer.generated_text.trim()}"`);
  say("smoke test passed");
} catch (err) {
  failed = true;
  console.error(
    `[ephemeral] ${interrupted ? "interrupted" : "failed"}: ${(err as Error).message.split("\n")[0]}`,
  );
}

// Teardown, whatever happened above. What the state held is read first, so it can be looked for
// on the platform afterwards.
let created: Created[] = [];
try {
  created = createdObjects(await stack.exportStack());
  say(`tearing down ${created.length} objects`);
  await stack.destroy({ onOutput: log });
  await stack.workspace.removeStack(runId);
  rmSync(workDir, { recursive: true, force: true });
} catch (err) {
  failed = true;
  console.error(`[ephemeral] teardown failed: ${(err as Error).message}`);
  console.error(
    `[ephemeral] stack ${runId} is kept in ${describeBackend(backend)}: run \`pulumi destroy\` on it`,
  );
}
let left: Leftover[] = [];
try {
  left = await leftovers(client, created, runId);
} catch (err) {
  failed = true;
  console.error(`[ephemeral] could not check what is left on the platform: ${(err as Error).message}`);
}
say(left.length === 0 ? "left on the platform: nothing" : "left on the platform:");
for (const l of left) say(`  ${l.billing ? "STILL BILLING " : ""}${l.what}`);
if (left.some((l) => l.billing)) failed = true;

await client.close();
await emulator?.close();
process.exit(interrupted ? 128 + (interrupted === "SIGINT" ? 2 : 15) : failed ? 1 : 0);
