import { LIFECYCLES, planFor } from "../../lifecycle/durations.js";
import { phaseStart } from "../../lifecycle/phases.js";
import type { KindSeeding } from "../seeding.js";
import type { FinetuningJobRecord } from "./record.js";
import { finetuningJobView } from "./views.js";

/** Fine-tuning jobs for the control API; `completed` with an `adapter_version` is recorded as given. */
export const finetuningJobSeeding: KindSeeding<FinetuningJobRecord> = {
  keyField: "id",
  required: ["base_model", "dataset"],
  stored: {
    base_model: "string",
    dataset: "string",
    repo: "nullable-string",
    adapter_type: "string",
    task: "string",
    description: "nullable-string",
  },
  create: (core, key, fields, now) => ({
    created_at: now.t,
    extra: {},
    touched_at: now.t,
    failure: null,
    id: key,
    seq: core.store.nextSeq(),
    base_model: String(fields.base_model ?? ""),
    dataset: String(fields.dataset ?? ""),
    repo: null,
    adapter_type: "lora",
    task: "sft",
    description: null,
    plan: planFor("finetuning_job", core.durations, now.immediate),
    canceled_at: null,
    outcome: null,
  }),
  anchor: (j, status, fields, now) => {
    const known = LIFECYCLES.finetuning_job.phases.some((p) => p.status === status);
    if (known || status === "completed") {
      j.outcome = null;
      j.canceled_at = null;
      j.failure = null;
      j.created_at = now.t - phaseStart(j.plan, status, 0, now);
      if (status === "completed" && fields.adapterVersion !== undefined) {
        const tag = Number(fields.adapterVersion.split("/")[1]);
        const target_version_tag = Number.isInteger(tag) ? tag : null;
        j.outcome = {
          status,
          at: now.t,
          adapter_version: fields.adapterVersion,
          target_version_tag,
          error: null,
        };
      }
      // Without an adapter_version, the next settle completes it normally (adding a repo version).
      return true;
    }
    if (status === "canceled") {
      j.outcome = null;
      j.canceled_at = now.t;
      return true;
    }
    if (status === "errored") {
      const error = fields.error ?? "Training failed (set by the emulator control API)";
      j.outcome = { status, at: now.t, adapter_version: null, target_version_tag: null, error };
      return true;
    }
    return false;
  },
  view: finetuningJobView,
};
