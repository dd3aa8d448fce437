// An ephemeral environment from a script, the pattern for test environments in CI: deploy a
// model, fine-tune an adapter, smoke-query it, print the results and tear everything down.
// Runs against an embedded emulator unless PREDIBASE_API_TOKEN (and friends) are set.
//
//   node examples/automation/index.mts            (after `npm run build`)
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation/index.js";
import * as predibase from "pulumi-predibase";
import { type RunningEmulator, startEmulator } from "pulumi-predibase/emulator";
import { Predibase } from "pulumi-predibase/sdk";
import { offlinePulumiEnv, repoRoot } from "../../scripts/engine-env.mjs";

const say = (line: string) => console.log(`[ephemeral] ${line}`);

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

const runId = `ci-${Date.now().toString(36)}`;
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

// The work folder sits inside the project so the engine's Node processes find node_modules.
// This repository's engine and a throwaway local backend; a team's CI would set PULUMI_BACKEND_URL.
const workDir = mkdtempSync(join(repoRoot, ".cache", "ephemeral-"));
Object.assign(process.env, offlinePulumiEnv(workDir));
const stack = await LocalWorkspace.createOrSelectStack(
  { stackName: runId, projectName: "predibase-ephemeral", program },
  { workDir },
);

let failed = false;
try {
  say(`creating environment ${runId}`);
  const up = await stack.up({ onOutput: () => {} });
  const adapter = String(up.outputs.adapterVersion?.value);
  const deployment = String(up.outputs.deployment?.value);
  say(`ready: deployment ${deployment}, adapter ${adapter} (${up.summary.resourceChanges?.create} created)`);

  const client = new Predibase();
  const answer = await client.deployment(deployment).generate({
    inputs: "Summarise: the parcel arrived damaged.",
    parameters: { adapter_id: adapter, adapter_source: "pbase", max_new_tokens: 16 },
  });
  await client.close();
  if (!answer.generated_text.trim()) throw new Error("smoke query returned no text");
  say(`smoke query answered: "${answer.generated_text.trim()}"`);
  say("smoke test passed");
} catch (err) {
  failed = true;
  console.error(`[ephemeral] failed: ${(err as Error).message}`);
} finally {
  say("tearing down");
  await stack.destroy({ onOutput: () => {} });
  await stack.workspace.removeStack(runId);
  rmSync(workDir, { recursive: true, force: true });
  if (emulator) {
    const left = emulator.control.state().tenants[emulator.tenantId];
    say(
      `left on the platform: ${left?.deployments.length ?? 0} deployments, ${left?.repos.length ?? 0} repos`,
    );
    await emulator.close();
  }
}
process.exit(failed ? 1 : 0);
