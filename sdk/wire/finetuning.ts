/**
 * How a fine-tuning job looks on the wire, in both formats.
 *
 * platform (docs/platform-wire.md §4): `POST /v2/finetuning/jobs` `{params, dataset,
 * continueFromVersion, repo, description}` (outer keys always sent, `params` snake_case with unset
 * keys left out; the adapter type is `params.adapter`) → bare job `{uuid, baseModel, datasetName,
 * targetRepoName, targetVersionTag, accelerator:{id}, status, params, description, createdAt,
 * error}`. The version tag is reserved at create, so the adapter id is known at once. Cancel is
 * `POST …/{uuid}/cancel` without a body (reply ignored); `GET …/{uuid}/timeline` →
 * `{<status>: {startedAt}}`. The job list is seed-only, served by the emulator in both formats.
 *
 * spec: flat snake_case (`id`, `repo`, `adapter_type`) at `/v2/finetuning/jobs`; no timeline.
 */
import { z } from "zod";
import { item, list } from "../core/parse.js";
import { nullish } from "../schemas/common.js";
import {
  type FinetuningJob,
  type FinetuningJobCreateParams,
  FinetuningJobSchema,
  type FinetuningJobTimeline,
} from "../schemas/finetuning.js";
import { compact, eitherShape, path, readBack, unsupported, type WireCall } from "./call.js";
import type { WireFormat } from "./format.js";

const str = nullish(z.string());

const PlatformJobSchema = z
  .object({
    uuid: z.string(),
    status: z.string(),
    baseModel: str,
    datasetName: str,
    targetRepoName: str,
    targetVersionTag: nullish(z.number().int()),
    accelerator: nullish(z.object({ id: str })),
    params: nullish(z.object({ base_model: str, adapter: str, task: str })),
    description: str,
    createdAt: str,
    updatedAt: str,
    error: str,
  })
  .transform((j): FinetuningJob => {
    const repo = j.targetRepoName;
    const tag = j.targetVersionTag;
    return compact({
      id: j.uuid,
      uuid: j.uuid,
      status: j.status.toLowerCase(),
      base_model: j.baseModel ?? j.params?.base_model ?? "",
      dataset: j.datasetName,
      repo,
      adapter_type: j.params?.adapter,
      task: j.params?.task,
      accelerator: j.accelerator?.id,
      description: j.description,
      created_at: j.createdAt,
      updated_at: j.updatedAt,
      target_version_tag: tag,
      adapter_version: repo && tag != null ? `${repo}/${tag}` : undefined,
      error: j.error,
    });
  });

const SpecJobSchema = FinetuningJobSchema.transform(
  (j): FinetuningJob =>
    compact({
      ...j,
      adapter_version:
        j.adapter_version ??
        (j.repo && j.target_version_tag != null ? `${j.repo}/${j.target_version_tag}` : j.adapter_version),
    }),
);

export const FinetuningJobWireSchema = eitherShape(
  (r) => "baseModel" in r || "targetRepoName" in r || !("id" in r),
  PlatformJobSchema,
  SpecJobSchema,
);

const TimelineWireSchema = z
  .record(z.string(), z.object({ startedAt: str, started_at: str }).nullable())
  .transform(
    (t): FinetuningJobTimeline =>
      Object.fromEntries(
        Object.entries(t).map(([status, entry]) => [
          status,
          { started_at: entry?.startedAt ?? entry?.started_at ?? null },
        ]),
      ),
  );

export interface FinetuningCodec {
  /** Resolves to the created job (both formats answer with it). */
  create(params: FinetuningJobCreateParams): WireCall<FinetuningJob>;
  get(id: string): WireCall<FinetuningJob>;
  list(): WireCall<FinetuningJob[]>;
  /** Resolves to undefined when the reply is ignored and the job must be read back. */
  cancel(id: string): WireCall<FinetuningJob | undefined>;
  timeline(id: string): WireCall<FinetuningJobTimeline>;
}

const shared = {
  get: (id: string): WireCall<FinetuningJob> => ({
    method: "GET",
    path: path`/v2/finetuning/jobs/${id}`,
    decode: item(FinetuningJobWireSchema),
  }),
  list: (): WireCall<FinetuningJob[]> => ({
    method: "GET",
    path: "/v2/finetuning/jobs",
    decode: list(FinetuningJobWireSchema, "jobs"),
  }),
};

/** The training hyperparameters go under `params`, snake_case, only the given ones. */
function platformParams(p: FinetuningJobCreateParams): Record<string, unknown> {
  return compact({
    base_model: p.base_model,
    adapter: p.adapter_type,
    task: p.task,
    epochs: p.epochs,
    rank: p.rank,
    learning_rate: p.learning_rate,
    lora_alpha: p.lora_alpha,
    lora_dropout: p.lora_dropout,
    target_modules: p.target_modules,
    effective_batch_size: p.effective_batch_size,
    warmup_ratio: p.warmup_ratio,
    apply_chat_template: p.apply_chat_template,
    enable_early_stopping: p.enable_early_stopping,
  });
}

const platform: FinetuningCodec = {
  ...shared,
  create: (p) => ({
    method: "POST",
    path: "/v2/finetuning/jobs",
    body: {
      params: platformParams(p),
      dataset: p.dataset,
      continueFromVersion: p.continue_from_version ?? null,
      repo: p.repo ?? null,
      description: p.description ?? null,
    },
    decode: item(FinetuningJobWireSchema),
  }),
  cancel: (id) => ({ method: "POST", path: path`/v2/finetuning/jobs/${id}/cancel`, decode: readBack }),
  timeline: (id) => ({
    method: "GET",
    path: path`/v2/finetuning/jobs/${id}/timeline`,
    decode: item(TimelineWireSchema),
  }),
};

const spec: FinetuningCodec = {
  ...shared,
  create: (p) => ({
    method: "POST",
    path: "/v2/finetuning/jobs",
    body: { ...p },
    decode: item(FinetuningJobWireSchema),
  }),
  cancel: (id) => ({
    method: "POST",
    path: path`/v2/finetuning/jobs/${id}/cancel`,
    body: {},
    decode: item(FinetuningJobWireSchema),
  }),
  timeline: () =>
    unsupported(
      "finetuning.jobs.timeline",
      "spec",
      "the seed API has no job timeline; use wireFormat platform",
    ),
};

export const finetuningWire = (format: WireFormat): FinetuningCodec =>
  format === "platform" ? platform : spec;
