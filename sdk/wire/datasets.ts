/**
 * How a dataset looks on the wire, in both formats.
 *
 * platform (docs/platform-wire.md §5): read by name with `GET /v1/datasets/name/{name}?connectionName=
 * {conn}` (a plain name is in `file_uploads`; `conn/name` names another connection) → bare
 * `{uuid, name, connection:{type, name}, status, createdAt}`. Upload from a file: `POST
 * /v1/datasets/get_presigned_url` `{mime_type, expiry_seconds, artifact_type}` → `{url,
 * object_name, required_headers}`; `PUT <url>` without auth; `POST
 * /v1/datasets/register_uploaded_file` `{dataset_name, object_name, file_name}` → `{id}`; then
 * `GET /v1/datasets/{id}?withInfo=true` until `status == "connected"` (`lastError` = failure).
 * Create from a source and list are seed-only, served by the emulator in both formats at `/v2/datasets`.
 *
 * spec: flat snake_case at `/v2/datasets` and `/v2/datasets/{name}`; no upload.
 */
import { z } from "zod";
import { item, list } from "../core/parse.js";
import { nullish } from "../schemas/common.js";
import { type Dataset, type DatasetCreateParams, DatasetSchema } from "../schemas/datasets.js";
import { compact, eitherShape, path, unsupported, type WireCall } from "./call.js";
import type { WireFormat } from "./format.js";

const str = nullish(z.string());
const id = z.union([z.string(), z.number()]).transform(String);

/** Where uploaded files live on the platform (U:10-23). */
export const UPLOAD_CONNECTION = "file_uploads";

const PlatformDatasetSchema = z
  .object({
    name: z.string(),
    uuid: str,
    id: nullish(id),
    source: str,
    status: str,
    connection: nullish(z.object({ type: str, name: str })),
    createdAt: str,
    lastError: str,
  })
  .transform((d): Dataset & { last_error?: string | null } =>
    compact({
      name: d.name,
      uuid: d.uuid ?? d.id ?? undefined,
      source: d.source,
      status: d.status?.toLowerCase(),
      connection_name: d.connection?.name,
      connection_type: d.connection?.type,
      created_at: d.createdAt,
      last_error: d.lastError,
    }),
  );

export const DatasetWireSchema = eitherShape(
  (r) => "connection" in r || "createdAt" in r || "lastError" in r,
  PlatformDatasetSchema,
  DatasetSchema,
);

/** The dataset as the upload wait sees it: the public object plus the platform's `lastError`. */
export type UploadingDataset = Dataset & { last_error?: string | null };

const PresignedUploadSchema = z.object({
  url: z.string(),
  object_name: z.string(),
  required_headers: nullish(z.record(z.string(), z.string())),
});
export type PresignedUpload = z.infer<typeof PresignedUploadSchema>;

const RegisteredUploadSchema = z.object({ id });

export interface DatasetCodec {
  create(params: DatasetCreateParams): WireCall<Dataset>;
  get(name: string): WireCall<Dataset>;
  list(): WireCall<Dataset[]>;
  presignUpload(mimeType: string): WireCall<PresignedUpload>;
  registerUpload(args: { name: string; objectName: string; fileName: string }): WireCall<{ id: string }>;
  /** The dataset being connected, by the id `registerUpload` answered. */
  getUploading(id: string): WireCall<UploadingDataset>;
}

const shared = {
  create: (p: DatasetCreateParams): WireCall<Dataset> => ({
    method: "POST",
    path: "/v2/datasets",
    body: { ...p },
    decode: item(DatasetWireSchema),
  }),
  list: (): WireCall<Dataset[]> => ({
    method: "GET",
    path: "/v2/datasets",
    decode: list(DatasetWireSchema, "datasets"),
  }),
};

/** `name` or `connection/name`, as the official client splits a dataset reference. */
function splitRef(ref: string): { connection: string; name: string } {
  const [first, second, ...rest] = ref.split("/");
  if (second === undefined || first === undefined) return { connection: UPLOAD_CONNECTION, name: ref };
  if (rest.length > 0) {
    throw new TypeError(`Invalid dataset reference "${ref}": expected "name" or "connection/name".`);
  }
  return { connection: first, name: second };
}

const platform: DatasetCodec = {
  ...shared,
  get: (ref) => {
    const { connection, name } = splitRef(ref);
    return {
      method: "GET",
      path: `${path`/v1/datasets/name/${name}`}?connectionName=${encodeURIComponent(connection)}`,
      decode: item(DatasetWireSchema),
    };
  },
  presignUpload: (mimeType) => ({
    method: "POST",
    path: "/v1/datasets/get_presigned_url",
    body: { mime_type: mimeType, expiry_seconds: 3600, artifact_type: "ARTIFACT_TYPE_DATASET" },
    decode: item(PresignedUploadSchema),
  }),
  registerUpload: (a) => ({
    method: "POST",
    path: "/v1/datasets/register_uploaded_file",
    body: { dataset_name: a.name, object_name: a.objectName, file_name: a.fileName },
    decode: item(RegisteredUploadSchema),
  }),
  getUploading: (datasetId) => ({
    method: "GET",
    path: `${path`/v1/datasets/${datasetId}`}?withInfo=true`,
    decode: item(PlatformDatasetSchema),
  }),
};

const noUpload = (): never =>
  unsupported(
    "datasets.upload",
    "spec",
    "the seed API has no file upload; use datasets.create with a source",
  );

const spec: DatasetCodec = {
  ...shared,
  get: (name) => ({ method: "GET", path: path`/v2/datasets/${name}`, decode: item(DatasetWireSchema) }),
  presignUpload: noUpload,
  registerUpload: noUpload,
  getUploading: noUpload,
};

export const datasetWire = (format: WireFormat): DatasetCodec => (format === "platform" ? platform : spec);
