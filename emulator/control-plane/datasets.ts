import { conflict } from "../core/errors.js";
import { newUuid } from "../core/ids.js";
import { json } from "../http/reply.js";
import type { Router } from "../http/router.js";
import type { DatasetRecord } from "../state/records.js";
import { datasetView } from "../state/views.js";
import { FieldReader } from "../validation/fields.js";
import { readName } from "../validation/names.js";
import { type Handler, limited, mustGet } from "./handler.js";

/** Datasets: connected at once (the emulator stores the source, it never reads it). */
export function registerDatasets(router: Router<Handler>): void {
  router
    .on("POST", "/datasets", createDataset)
    .on("GET", "/datasets", (call) =>
      json(limited([...call.tenant.datasets.values()].map(datasetView), call.query)),
    )
    .on("GET", "/datasets/:name", (call) =>
      json(datasetView(mustGet(call.tenant.datasets, call.params.name ?? "", "dataset"))),
    );
}

const createDataset: Handler = (call) => {
  const body = FieldReader.of(call.body);
  const name = readName(body);
  const source = body.string("source") ?? null;
  if (call.tenant.datasets.has(name)) throw conflict(`dataset ${name} already exists`);
  const dataset: DatasetRecord = {
    uuid: newUuid(),
    name,
    source,
    status: "connected",
    created_at: call.now.t,
    extra: {},
  };
  call.tenant.datasets.set(name, dataset);
  return json(datasetView(dataset));
};
