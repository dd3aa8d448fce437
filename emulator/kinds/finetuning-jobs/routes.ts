import { type Handler, limited, mustGet } from "../../control-plane/handler.js";
import type { Call } from "../../core/context.js";
import { conflict, unprocessable } from "../../core/errors.js";
import { iso } from "../../core/ids.js";
import { json } from "../../http/reply.js";
import type { Router } from "../../http/router.js";
import { FieldReader } from "../../validation/fields.js";
import { platformBody } from "../platform.js";
import { nextTag } from "../repos/record.js";
import { createJobRecord } from "./create.js";
import { readParams } from "./params.js";
import type { FinetuningJobRecord } from "./record.js";
import { finetuningStatus, finetuningTimeline, TERMINAL_JOB_STATUSES } from "./status.js";
import { finetuningJobView, platformJobView } from "./views.js";

const LABEL = "finetuning job";

/** Spec format: queued → training → completed, adding version N to the target repo at the end. */
export function registerSpecFinetuning(router: Router<Handler>): void {
  router
    .on("POST", "/finetuning/jobs", (call) => {
      const body = FieldReader.of(call.body);
      const job = createJobRecord(call, {
        baseModel: body.string("base_model", { required: true }),
        dataset: body.string("dataset", { required: true }),
        repo: body.string("repo") ?? null,
        adapterType: body.string("adapter_type", { oneOf: ["lora", "turbo_lora"] }) ?? "lora",
        task: body.string("task", { oneOf: ["sft", "grpo"] }) ?? "sft",
        description: body.string("description") ?? null,
        fields: {
          baseModel: "base_model",
          adapterType: "adapter_type",
          task: "task",
          dataset: "dataset",
          repo: "repo",
        },
      });
      return json(finetuningJobView(job, call.now));
    })
    .on("GET", "/finetuning/jobs", (call) => {
      const jobs = [...call.tenant.finetuning_jobs.values()].map((j) => finetuningJobView(j, call.now));
      return json({ data: { jobs: limited(jobs, call.query) } });
    })
    .on("GET", "/finetuning/jobs/:id", (call) => json(finetuningJobView(job(call), call.now)))
    .on("POST", "/finetuning/jobs/:id/cancel", (call) => json(finetuningJobView(cancel(call), call.now)));
}

/**
 * Platform format, docs/platform-wire.md §4: bare job objects, the target version tag reserved at
 * create, the timeline, tensorboard logs; the metrics stream is a WebSocket (http/websocket.ts).
 * The list (`GET /v2/finetuning/jobs`) is seed-only, served in the repos/batch envelope.
 */
export function registerPlatformFinetuning(router: Router<Handler>): void {
  router
    .on("POST", "/v2/finetuning/jobs", createPlatformJob)
    .on("GET", "/v2/finetuning/jobs", (call) => {
      const jobs = [...call.tenant.finetuning_jobs.values()].map((j) => platformJobView(j, call.now));
      return json({ data: { jobs: limited(jobs, call.query) } });
    })
    .on("GET", "/v2/finetuning/jobs/:id", (call) => json(platformJobView(job(call), call.now)))
    .on("POST", "/v2/finetuning/jobs/:id/cancel", (call) => json(platformJobView(cancel(call), call.now)))
    .on("GET", "/v2/finetuning/jobs/:id/timeline", (call) => {
      const entries = Object.entries(finetuningTimeline(job(call), call.now));
      return json(Object.fromEntries(entries.map(([status, at]) => [status, { startedAt: iso(at) }])));
    })
    .on("GET", "/v2/finetuning/jobs/:id/tensorboard_logs", (call) => {
      job(call);
      return json({ files: [], more: false });
    });
}

const job = (call: Call): FinetuningJobRecord =>
  mustGet(call.tenant.finetuning_jobs, call.params.id ?? "", LABEL);

function cancel(call: Call): FinetuningJobRecord {
  const j = job(call);
  const { status } = finetuningStatus(j, call.now);
  if (TERMINAL_JOB_STATUSES.includes(status)) {
    throw conflict(`${LABEL} ${j.id} is already ${status}; only queued or training jobs can be canceled`);
  }
  j.canceled_at = call.now.t;
  j.touched_at = call.now.t;
  return j;
}

const createPlatformJob: Handler = (call) => {
  const body = platformBody(call.body);
  body.onlyKeys(["params", "dataset", "continueFromVersion", "repo", "description"]);
  const paramsReader = body.object("params", { required: true });
  const params = paramsReader === undefined ? {} : readParams(paramsReader);
  const rawDataset = body.string("dataset", { required: true });
  // A `connection/name` reference names the dataset after the slash (docs/platform-wire.md §5 get).
  const dataset = rawDataset.includes("/") ? (rawDataset.split("/").at(-1) ?? rawDataset) : rawDataset;
  const repoName = body.string("repo", { required: true });
  const continueFrom = body.string("continueFromVersion") ?? null;
  let baseModel = params.base_model as string | undefined;
  if (continueFrom !== null) {
    const [fromRepo, fromTag, ...rest] = continueFrom.split("/");
    const version =
      rest.length === 0
        ? call.tenant.repos.get(fromRepo ?? "")?.versions.find((v) => String(v.tag) === fromTag)
        : undefined;
    if (version === undefined || version.status !== "ready") {
      throw unprocessable(
        `continueFromVersion: adapter "${continueFrom}" not found or not trained (expected "repo/N")`,
      );
    }
    if (baseModel !== undefined && baseModel !== version.base_model) {
      throw unprocessable(
        `params.base_model: ${baseModel} differs from ${version.base_model}, the base model of ${continueFrom}`,
      );
    }
    baseModel = version.base_model;
  }
  if (baseModel === undefined)
    throw body.fail("params.base_model", "is required (unless continueFromVersion is given)", 400);
  const created = createJobRecord(call, {
    baseModel,
    dataset,
    repo: repoName,
    adapterType: (params.adapter as string | undefined) ?? "lora",
    task: (params.task as string | undefined) ?? "sft",
    description: body.string("description") ?? null,
    fields: {
      baseModel: "params.base_model",
      adapterType: "params.adapter",
      task: "params.task",
      dataset: "dataset",
      repo: "repo",
    },
    platform: { params: { ...params, base_model: baseModel }, continue_from: continueFrom },
  });
  // Reserve the target version now: the adapter id is known at create (docs/platform-wire.md §4).
  const repo = call.tenant.repos.get(repoName);
  if (repo !== undefined) {
    const tag = nextTag(repo);
    created.reserved_tag = tag;
    repo.versions.push({
      tag,
      adapter_id: `${repo.name}/${tag}`,
      base_model: created.base_model,
      adapter_type: created.adapter_type,
      finetuning_job_id: created.id,
      status: "pending",
      created_at: call.now.t,
      archived: false,
      description: created.description,
    });
  }
  return json(platformJobView(created, call.now));
};
