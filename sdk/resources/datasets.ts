import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { RequestOptions } from "../core/api-client.js";
import { createByName, sameOrUnset } from "../core/idempotency.js";
import { ignore } from "../core/parse.js";
import type { Dataset, DatasetCreateParams, DatasetUploadParams } from "../schemas/datasets.js";
import { datasetWire, type UploadingDataset } from "../wire/datasets.js";
import { APIResource, type WaitOptions } from "./resource.js";

/** Default wait for an uploaded file to be connected (the platform reads and checks it). */
export const DEFAULT_DATASET_UPLOAD_TIMEOUT_MS = 30 * 60_000;

// What Python's mimetypes answers for the official client (DSS:80); anything else is text/plain.
const MIME_TYPES: Readonly<Record<string, string>> = {
  ".csv": "text/csv",
  ".json": "application/json",
  ".txt": "text/plain",
};

/** Datasets (wire shapes in sdk/wire/datasets.ts): connect from a source, or upload a local file. */
export class Datasets extends APIResource {
  get #wire() {
    return datasetWire(this.format);
  }

  /** Creates a dataset. A retry that meets our own earlier attempt returns it (see idempotency.ts). */
  async create(body: DatasetCreateParams, opts?: RequestOptions): Promise<Dataset> {
    return createByName({
      create: (hooks) => this.send(this.#wire.create(body), opts, hooks),
      fetchExisting: () => this.get(body.name, opts),
      matches: (dataset) => sameOrUnset(body.source, dataset.source),
      log: (line) => this.log(line),
    });
  }

  /**
   * Uploads a local file as dataset `name` (platform format): a presigned URL, a PUT of the file
   * (without the API token: the URL carries its own credentials), registration, then a wait until
   * the platform reports it `connected`. A failed check (`lastError`) throws TerminalStateError.
   * Default wait 30 min (`opts.timeoutMs`).
   */
  async upload(params: DatasetUploadParams, opts: WaitOptions<Dataset> = {}): Promise<Dataset> {
    const wire = this.#wire;
    const request: RequestOptions = { ...opts.request, signal: opts.signal };
    const mimeType = params.mimeType ?? MIME_TYPES[extname(params.file).toLowerCase()] ?? "text/plain";
    const presigned = await this.send(wire.presignUpload(mimeType), request);
    const bytes = new Uint8Array(await readFile(params.file));
    await this.core.request(
      {
        method: "PUT",
        baseUrl: presigned.url,
        path: "",
        body: bytes,
        headers: { "content-type": mimeType, ...(presigned.required_headers ?? {}) },
        anonymous: true,
      },
      ignore,
      request,
    );
    const registered = await this.send(
      wire.registerUpload({
        name: params.name,
        objectName: presigned.object_name,
        fileName: basename(params.file),
      }),
      request,
    );
    const done = await this.waitFor<UploadingDataset>(
      `dataset ${params.name} to be connected`,
      (o) => this.send(wire.getUploading(registered.id), o),
      (d) => {
        const description = `dataset ${params.name} is ${d.status ?? "unknown"}`;
        if (d.last_error) {
          return { done: false, failed: `dataset ${params.name} failed: ${d.last_error}`, description };
        }
        return { done: d.status === "connected", description };
      },
      DEFAULT_DATASET_UPLOAD_TIMEOUT_MS,
      opts as WaitOptions<UploadingDataset>,
    );
    const { last_error: _lastError, ...dataset } = done;
    return dataset;
  }

  async list(opts?: RequestOptions): Promise<Dataset[]> {
    return this.send(this.#wire.list(), opts);
  }

  /** A dataset by name (platform: `name` in file uploads, or `connection/name`). */
  async get(name: string, opts?: RequestOptions): Promise<Dataset> {
    return this.send(this.#wire.get(name), opts);
  }
}
