import { toFailurePlan } from "../../failures.js";
import { LIFECYCLES, planFor } from "../../lifecycle/durations.js";
import { phaseStart } from "../../lifecycle/phases.js";
import type { KindSeeding } from "../seeding.js";
import type { BatchJobRecord } from "./record.js";
import { batchJobView } from "./views.js";

/** Batch jobs for the control API. */
export const batchJobSeeding: KindSeeding<BatchJobRecord> = {
  keyField: "id",
  required: ["base_model", "dataset"],
  stored: { base_model: "string", dataset: "string", output: "nullable-string" },
  create: (core, key, fields, now) => ({
    created_at: now.t,
    extra: {},
    touched_at: now.t,
    failure: null,
    id: key,
    seq: core.store.nextSeq(),
    base_model: String(fields.base_model ?? ""),
    dataset: String(fields.dataset ?? ""),
    output: null,
    plan: planFor("batch_job", core.durations, now.immediate),
  }),
  anchor: (j, status, fields, now) => {
    const known = LIFECYCLES.batch_job.phases.some((p) => p.status === status);
    if (known || status === "completed") {
      j.failure = null;
      j.canceled_at = null;
      j.created_at = now.t - phaseStart(j.plan, status, 0, now);
      return true;
    }
    if (status === "errored" || status === "failed") {
      const first = j.plan[0]?.status ?? "queued";
      j.failure = toFailurePlan({ kind: "batch_job", target: j.id, at: first, message: fields.error }, now.t);
      return true;
    }
    if (status === "cancelled") {
      j.canceled_at = now.t;
      return true;
    }
    return false;
  },
  view: batchJobView,
};
