import { newUuid } from "../../core/ids.js";
import type { KindSeeding } from "../seeding.js";
import type { DatasetRecord } from "./record.js";
import { datasetView } from "./views.js";

/** Datasets for the control API: any `status` is stored as given (no lifecycle to anchor). */
export const datasetSeeding: KindSeeding<DatasetRecord> = {
  keyField: "name",
  required: [],
  stored: { source: "nullable-string", status: "string", uuid: "string" },
  create: (_core, key, _fields, now) => ({
    created_at: now.t,
    extra: {},
    uuid: newUuid(),
    name: key,
    source: null,
    status: "connected",
  }),
  anchor: (d, status) => {
    d.status = status;
    d.ready_at = null;
    d.last_error = null;
    return true;
  },
  view: datasetView,
};
