import type { Now } from "../../core/clock.js";
import { iso } from "../../core/ids.js";
import { platformExtra, type View } from "../extra.js";
import type { DatasetRecord } from "./record.js";

/** `connected`, or `connecting` while an upload is being registered, or `errored` with `last_error`. */
export function datasetStatus(d: DatasetRecord, now: Now): string {
  if (d.last_error) return "errored";
  const readyAt = d.ready_at ?? null;
  if (readyAt !== null && !now.immediate && now.t < readyAt) return "connecting";
  return d.status;
}

/** Spec format. */
export function datasetView(d: DatasetRecord, now: Now): View {
  const base = {
    uuid: d.uuid,
    name: d.name,
    source: d.source,
    status: datasetStatus(d, now),
    created_at: iso(d.created_at),
  };
  return { ...base, ...d.extra };
}

/**
 * Platform format: the Dataset (docs/platform-wire.md §5 "Dataset"), plus `id` (the register call
 * answers it and the wait loop GETs `/v1/datasets/{id}`) and `lastError` (the wait loop's failure).
 */
export function platformDatasetView(d: DatasetRecord, now: Now): View {
  const view: View = {
    id: d.uuid,
    uuid: d.uuid,
    name: d.name,
    connection: { type: d.connection_type ?? "file", name: d.connection_name ?? "file_uploads" },
    status: datasetStatus(d, now),
    source: d.source,
    fileName: d.file_name ?? null,
    lastError: d.last_error ?? null,
    createdAt: iso(d.created_at),
  };
  return platformExtra(view, d.extra, "lastError");
}
