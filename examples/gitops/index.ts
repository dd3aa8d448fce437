// The same estate in every environment; each stack's Pulumi.<stack>.yaml says how big it is.
import * as pulumi from "@pulumi/pulumi";
import * as predibase from "pulumi-predibase";

const config = new pulumi.Config();
const env = pulumi.getStack();

const repo = new predibase.AdapterRepo("adapters", { description: `Support adapters (${env})` });
// Datasets outlive `pulumi destroy` (the API cannot delete them): adopt it when a stack comes back.
const dataset = new predibase.Dataset("tickets", {
  source: `s3://acme-ml/${env}/tickets.jsonl`,
  adoptExisting: true,
});
const job = new predibase.FineTuningJob("support", {
  baseModel: config.require("baseModel"),
  dataset: dataset.name,
  repo: repo.name,
  adapterType: "lora",
  task: "sft",
});
const llm = new predibase.Deployment("llm", {
  baseModel: config.require("baseModel"),
  accelerator: config.require("accelerator"),
  minReplicas: config.requireNumber("minReplicas"),
  maxReplicas: config.requireNumber("maxReplicas"),
});

export const adapterVersion = job.adapterVersion;
export const deployment = llm.name;
export const accelerator = llm.accelerator;
export const openaiBaseUrl = llm.openaiBaseUrl;
