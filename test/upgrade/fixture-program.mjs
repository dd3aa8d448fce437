// The program of every upgrade fixture: one resource of each kind, with the same logical names in
// every release, so the state a release wrote lines up with today's program (same URNs).
export const FIXTURE_PROJECT = "predibase-upgrade";
export const FIXTURE_STACK = "release";

export const FIXTURE_PROGRAM = `"use strict";
const predibase = require("pulumi-predibase");
const timeouts = process.env.UPGRADE_CREATE_TIMEOUT ? { create: process.env.UPGRADE_CREATE_TIMEOUT } : undefined;
const repo = new predibase.AdapterRepo("repo", { name: "upgrade-repo", description: "adapters" });
const data = new predibase.Dataset("data", { name: "upgrade-data", source: "s3://bucket/train.jsonl" });
const job = new predibase.FineTuningJob("job", {
  baseModel: "qwen3-8b",
  dataset: data.name,
  repo: repo.name,
});
const llm = new predibase.Deployment("llm", {
  name: "upgrade-llm",
  baseModel: "qwen3-8b",
  minReplicas: 0,
  maxReplicas: 1,
  timeouts,
});
const batch = new predibase.BatchInferenceJob("batch", { baseModel: "qwen3-8b", dataset: data.name });
exports.jobId = job.id;
exports.adapterVersion = job.adapterVersion;
exports.deploymentStatus = llm.status;
exports.batchStatus = batch.status;
exports.versionCount = repo.versionCount;
`;
