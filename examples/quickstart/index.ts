// The quickstart: an adapter repo, a dataset, a fine-tuning job that trains a Turbo LoRA adapter
// into the repo, and a deployment of the same base model that serves it. Run it with
// `npm run demo` (embedded emulator) or `pulumi up` with predibase:* config or PREDIBASE_* set.
import * as pulumi from "@pulumi/pulumi";
import * as predibase from "pulumi-predibase";

const config = new pulumi.Config("quickstart");
const baseModel = config.get("baseModel") ?? "qwen3-8b";
const accelerator = config.get("accelerator") ?? "a10_24gb_100";

const repo = new predibase.AdapterRepo("support-adapters", {
  description: "Adapters for the support assistant",
});

// The API cannot delete datasets, so one outlives `pulumi destroy`: adopting it by name and source
// lets the stack come back after a destroy instead of failing on "already exists".
const dataset = new predibase.Dataset("support-tickets", {
  source: "s3://predibase-examples/support-tickets.jsonl",
  adoptExisting: true,
});

const job = new predibase.FineTuningJob("support-sft", {
  baseModel,
  dataset: dataset.name,
  repo: repo.name,
  adapterType: "turbo_lora",
  task: "sft",
});

// The same base model as the job, so the deployment can serve the trained adapter. Scales to zero
// when idle; the first request after that wakes it.
const deployment = new predibase.Deployment("support-llm", {
  baseModel,
  accelerator,
  minReplicas: 0,
  maxReplicas: 1,
});

export const adapterVersion = job.adapterVersion;
export const deploymentName = deployment.name;
export const openaiBaseUrl = deployment.openaiBaseUrl;
/** Ready to paste: the token stays in your environment, never in the stack. */
export const querySnippet = pulumi.interpolate`curl -s ${deployment.openaiBaseUrl}/chat/completions \\
  -H "Authorization: Bearer $PREDIBASE_API_TOKEN" -H "Content-Type: application/json" \\
  -d '{"model": "${job.adapterVersion}", "messages": [{"role": "user", "content": "Where is my order?"}], "max_tokens": 64}'`;
