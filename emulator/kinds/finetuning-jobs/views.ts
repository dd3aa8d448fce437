import { findModel } from "../../catalogue/models.js";
import type { Now } from "../../core/clock.js";
import { iso } from "../../core/ids.js";
import { platformExtra, type View } from "../extra.js";
import type { FinetuningJobRecord } from "./record.js";
import { finetuningStatus } from "./status.js";

/** Spec format: flat snake_case; `adapter_version` and `target_version_tag` once completed. */
export function finetuningJobView(j: FinetuningJobRecord, now: Now): View {
  const st = finetuningStatus(j, now);
  return {
    id: j.id,
    uuid: j.id,
    status: st.status,
    base_model: j.base_model,
    dataset: j.dataset,
    repo: j.repo,
    adapter_type: j.adapter_type,
    task: j.task,
    description: j.description,
    created_at: iso(j.created_at),
    updated_at: iso(Math.max(st.since, j.touched_at)),
    adapter_version: j.outcome?.adapter_version ?? null,
    target_version_tag: j.outcome?.target_version_tag ?? null,
    error: st.error,
    ...j.extra,
  };
}

/** Training runs on an 80 GB card unless the model needs more (then its own minimum). */
const trainingAccelerator = (baseModel: string): string => {
  const model = findModel(baseModel);
  return model === undefined || model.min_gpu_memory_gb <= 80 ? "a100_80gb_100" : model.min_accelerator;
};

/**
 * Platform format: the FinetuningJob (docs/platform-wire.md §4). `targetVersionTag` is the tag
 * reserved at create, so the adapter id `{targetRepoName}/{targetVersionTag}` is known at once.
 */
export function platformJobView(j: FinetuningJobRecord, now: Now): View {
  const st = finetuningStatus(j, now);
  const view: View = {
    uuid: j.id,
    baseModel: j.base_model,
    datasetName: j.dataset,
    targetRepoName: j.repo,
    targetVersionTag: j.reserved_tag ?? j.outcome?.target_version_tag ?? null,
    continueFromVersion: j.continue_from ?? null,
    accelerator: { id: trainingAccelerator(j.base_model) },
    status: st.status,
    params: j.params ?? { base_model: j.base_model, adapter: j.adapter_type, task: j.task },
    description: j.description,
    createdAt: iso(j.created_at),
    updatedAt: iso(Math.max(st.since, j.touched_at)),
    error: st.error,
  };
  return platformExtra(view, j.extra, "error");
}
