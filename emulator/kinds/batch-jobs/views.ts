import type { Now } from "../../core/clock.js";
import { iso } from "../../core/ids.js";
import { platformExtra, type View } from "../extra.js";
import type { BatchJobRecord } from "./record.js";
import { batchStatus } from "./status.js";

export const resultPath = (j: BatchJobRecord): string =>
  j.output ?? `s3://predibase-batch/${j.id}/results.jsonl`;

/** Spec format. */
export function batchJobView(j: BatchJobRecord, now: Now): View {
  const st = batchStatus(j, now);
  return {
    id: j.id,
    uuid: j.id,
    status: st.status,
    base_model: j.base_model,
    dataset: j.dataset,
    output: j.output,
    result_path: st.status === "completed" ? resultPath(j) : null,
    created_at: iso(j.created_at),
    updated_at: iso(Math.max(st.since, j.touched_at)),
    error: st.error,
    ...j.extra,
  };
}

/** The platform spells a failure `failed` (docs/wire-contract.md batch statuses). */
const platformStatus = (status: string): string => (status === "errored" ? "failed" : status);

/** Platform format: `{uuid, originalRequest, status, error, resultPath, createdAt}` (§6). */
export function platformBatchView(j: BatchJobRecord, now: Now): View {
  const st = batchStatus(j, now);
  const view: View = {
    uuid: j.id,
    originalRequest: j.original_request ?? { dataset: j.dataset, serverConfig: { baseModel: j.base_model } },
    status: platformStatus(st.status),
    error: st.error,
    resultPath: st.status === "completed" ? resultPath(j) : null,
    createdAt: iso(j.created_at),
    updatedAt: iso(Math.max(st.since, j.touched_at)),
  };
  const out = platformExtra(view, j.extra, "error");
  if (typeof out.status === "string") out.status = platformStatus(out.status);
  return out;
}
