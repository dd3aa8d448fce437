import { type Handler, limited, mustGet } from "../../control-plane/handler.js";
import type { Call } from "../../core/context.js";
import { conflict, invalid, notFound, unprocessable } from "../../core/errors.js";
import { newUuid } from "../../core/ids.js";
import { json } from "../../http/reply.js";
import type { Router } from "../../http/router.js";
import { FieldReader } from "../../validation/fields.js";
import { readName } from "../../validation/names.js";
import { legacy, platformBody } from "../platform.js";
import type { DatasetRecord } from "./record.js";
import { datasetView, platformDatasetView } from "./views.js";

/** Spec format: datasets connected at once (the emulator stores the source, it never reads it). */
export function registerSpecDatasets(router: Router<Handler>): void {
  router
    .on("POST", "/datasets", (call) => {
      const body = FieldReader.of(call.body);
      return json(datasetView(createFromSource(call, body), call.now));
    })
    .on("GET", "/datasets", (call) =>
      json(
        limited(
          [...call.tenant.datasets.values()].map((d) => datasetView(d, call.now)),
          call.query,
        ),
      ),
    )
    .on("GET", "/datasets/:name", (call) =>
      json(datasetView(mustGet(call.tenant.datasets, call.params.name ?? "", "dataset"), call.now)),
    );
}

/** The upload connection every uploaded file lands in (docs/platform-wire.md §5 "get"). */
const UPLOADS = "file_uploads";
/** The model ids `augment` accepts (docs/platform-wire.md §5 "augment", CF:209-234). */
const AUGMENT_MODELS = [
  "gpt-4-turbo",
  "gpt-4-0125-preview",
  "gpt-4-1106-preview",
  "gpt-4o",
  "gpt-4o-2024-08-06",
  "gpt-4o-mini",
];

/**
 * Platform format, docs/platform-wire.md §5: upload = presign (the emulator's own `/__uploads/`
 * URL), PUT, register, then `GET /v1/datasets/{id}?withInfo=true` until `connected`. Get by name
 * on `/v1/datasets/name/{name}`. The seed's create-from-source, list and get-by-name stay on
 * `/v2/datasets` in camelCase (the official client has no such calls).
 */
export function registerPlatformDatasets(router: Router<Handler>): void {
  legacy(router, "GET", "/datasets/name/:name", (call) => {
    const name = call.params.name ?? "";
    const connection = call.query.get("connectionName") ?? UPLOADS;
    const d = call.tenant.datasets.get(name);
    if (d === undefined || (d.connection_name ?? UPLOADS) !== connection) {
      throw notFound(`dataset ${name} not found in connection ${connection}`);
    }
    return json(platformDatasetView(d, call.now));
  });
  legacy(router, "POST", "/datasets/get_presigned_url", (call) => {
    const body = platformBody(call.body);
    body.string("mime_type");
    const artifact = body.string("artifact_type");
    if (artifact !== undefined && artifact !== "ARTIFACT_TYPE_DATASET") {
      throw unprocessable(`artifact_type: must be ARTIFACT_TYPE_DATASET; got "${artifact}"`);
    }
    const objectName = `datasets/${call.tenant.id}/${newUuid()}`;
    // Exactly these three keys: the SDK builds a pydantic model from them (§5 "upload 1").
    return json({
      url: `${call.core.baseUrl}/__uploads/${objectName}`,
      object_name: objectName,
      required_headers: {},
    });
  });
  legacy(router, "POST", "/datasets/register_uploaded_file", registerUpload);
  legacy(router, "GET", "/datasets/:id", (call) => json(platformDatasetView(byId(call), call.now)));
  legacy(router, "GET", "/data/datasets/fetch/allowed_only", (call) =>
    json({ datasets: [...call.tenant.datasets.values()].map((d) => platformDatasetView(d, call.now)) }),
  );
  router
    .on("POST", "/v2/datasets", (call) => {
      const body = platformBody(call.body);
      body.onlyKeys(["name", "source"]);
      return json(platformDatasetView(createFromSource(call, body), call.now));
    })
    .on("GET", "/v2/datasets", (call) => {
      const all = [...call.tenant.datasets.values()].map((d) => platformDatasetView(d, call.now));
      return json({ data: { datasets: limited(all, call.query) } });
    })
    .on("GET", "/v2/datasets/:name", (call) =>
      json(platformDatasetView(mustGet(call.tenant.datasets, call.params.name ?? "", "dataset"), call.now)),
    )
    .on("GET", "/v2/datasets/:id/download-link", (call) => {
      const d = byId(call);
      if (!d.object_name)
        throw notFound(`dataset ${d.name} has no uploaded file to download (source: ${d.source})`);
      const ext = (d.file_name ?? "").split(".").at(-1) ?? "";
      return json({
        url: `${call.core.baseUrl}/__uploads/${d.object_name}`,
        fileExtension: ext === "" ? null : ext,
      });
    })
    .on("POST", "/v2/datasets/:id/augment", augment);
}

function byId(call: Call): DatasetRecord {
  const id = call.params.id ?? "";
  const found = [...call.tenant.datasets.values()].find((d) => d.uuid === id);
  if (found === undefined) throw notFound(`dataset ${id} not found`);
  return found;
}

function createFromSource(call: Call, body: FieldReader): DatasetRecord {
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
  return dataset;
}

/** `POST /datasets/register_uploaded_file {dataset_name, object_name, file_name}` → `{id, …}`. */
const registerUpload: Handler = (call) => {
  const body = platformBody(call.body);
  const name = readName(body, "dataset_name");
  const objectName = body.string("object_name", { required: true });
  const fileName = body.string("file_name", { required: true });
  const file = call.core.uploads.get(objectName);
  if (file === undefined) {
    throw unprocessable(
      `object_name: nothing was uploaded to ${objectName}; PUT the file to the presigned URL first`,
    );
  }
  if (call.tenant.datasets.has(name)) throw conflict(`dataset_name: dataset ${name} already exists`);
  const { now, core } = call;
  const dataset: DatasetRecord = {
    uuid: newUuid(),
    name,
    source: `${UPLOADS}/${fileName}`,
    status: "connected",
    created_at: now.t,
    extra: {},
    connection_type: "file",
    connection_name: UPLOADS,
    object_name: objectName,
    file_name: fileName,
    ready_at: now.t + core.durations.dataset_connecting * 1000,
    // An empty file fails the way the wait loop reports failures: `lastError`.
    last_error: file.length === 0 ? `file ${fileName} is empty` : null,
  };
  call.tenant.datasets.set(name, dataset);
  return json(platformDatasetView(dataset, now));
};

/** `POST /v2/datasets/{uuid}/augment` → `{datasetId}`; the new dataset connects like an upload. */
const augment: Handler = (call) => {
  const source = byId(call);
  const body = platformBody(call.body);
  body.onlyKeys(["name", "config", "openaiApiKey"]);
  const name = readName(body);
  const config = body.object("config", { required: true });
  body.string("openaiApiKey", { required: true });
  const model = config?.string("base_model", { required: true }) ?? "";
  if (!AUGMENT_MODELS.includes(model)) {
    throw invalid(`config.base_model: must be one of ${AUGMENT_MODELS.join(", ")}; got "${model}"`);
  }
  config?.integer("num_samples_to_generate", { min: 1 });
  config?.string("augmentation_strategy", { oneOf: ["mixture_of_agents", "single_pass"] });
  if (call.tenant.datasets.has(name)) throw conflict(`name: dataset ${name} already exists`);
  const dataset: DatasetRecord = {
    uuid: newUuid(),
    name,
    source: `augmented from ${source.name}`,
    status: "connected",
    created_at: call.now.t,
    extra: {},
    connection_type: "file",
    connection_name: UPLOADS,
    ready_at: call.now.t + call.core.durations.dataset_connecting * 1000,
    last_error: null,
  };
  call.tenant.datasets.set(name, dataset);
  return json({ datasetId: dataset.uuid });
};
