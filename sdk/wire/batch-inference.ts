/**
 * How a batch inference job looks on the wire, in both formats.
 *
 * platform (docs/platform-wire.md §6, beta): `POST /v2/batch-inference` (no `/jobs`)
 * `{dataset, serverConfig:{baseModel, quantization, customArgs, hfToken, loraxImageTag}}` (unset
 * keys `null`, as the official client sends them) → bare job `{uuid, originalRequest, status,
 * error, resultPath, createdAt}`; `GET /v2/batch-inference?limit=N` → `{"data":{"jobs":[…]}}`;
 * cancel is a **GET** `…/{uuid}/cancel` (reply ignored); `GET …/{uuid}/results` → `{url}`.
 * The platform chooses where results go, so `output` has no platform counterpart.
 *
 * spec: flat snake_case at `/v2/batch-inference/jobs`; no cancel or results route.
 */
import { z } from "zod";
import { item, list } from "../core/parse.js";
import {
  type BatchInferenceJob,
  type BatchInferenceJobCreateParams,
  BatchInferenceJobSchema,
  type BatchInferenceResults,
  BatchInferenceResultsSchema,
} from "../schemas/batch-inference.js";
import { nullish } from "../schemas/common.js";
import { compact, eitherShape, path, readBack, unsupported, type WireCall } from "./call.js";
import type { WireFormat } from "./format.js";

const str = nullish(z.string());

const PlatformBatchJobSchema = z
  .object({
    uuid: z.string(),
    status: z.string(),
    originalRequest: nullish(
      z.object({
        dataset: str,
        serverConfig: nullish(z.object({ baseModel: str })),
      }),
    ),
    error: str,
    resultPath: str,
    createdAt: str,
    updatedAt: str,
  })
  .transform(
    (j): BatchInferenceJob =>
      compact({
        id: j.uuid,
        uuid: j.uuid,
        status: j.status.toLowerCase(),
        base_model: j.originalRequest?.serverConfig?.baseModel ?? "",
        dataset: j.originalRequest?.dataset,
        result_path: j.resultPath,
        created_at: j.createdAt,
        updated_at: j.updatedAt,
        error: j.error,
      }),
  );

export const BatchInferenceJobWireSchema = eitherShape(
  (r) => "originalRequest" in r || !("id" in r),
  PlatformBatchJobSchema,
  BatchInferenceJobSchema,
);

/** How many jobs a list asks for: the platform pages with `limit` and has no cursor (BJS:55-57). */
export const BATCH_LIST_LIMIT = 1000;

export interface BatchInferenceCodec {
  create(params: BatchInferenceJobCreateParams): WireCall<BatchInferenceJob>;
  get(id: string): WireCall<BatchInferenceJob>;
  list(): WireCall<BatchInferenceJob[]>;
  /** Resolves to undefined: the reply is ignored and the job read back. */
  cancel(id: string): WireCall<undefined>;
  results(id: string): WireCall<BatchInferenceResults>;
}

const platform: BatchInferenceCodec = {
  create: (p) => {
    if (p.output !== undefined) {
      unsupported(
        "batchInference.jobs.create with `output`",
        "platform",
        "the platform chooses where results go; leave `output` unset and read them with batchInference.jobs.results(id)",
      );
    }
    return {
      method: "POST",
      path: "/v2/batch-inference",
      body: {
        dataset: p.dataset,
        serverConfig: {
          baseModel: p.base_model,
          quantization: null,
          customArgs: null,
          hfToken: null,
          loraxImageTag: null,
        },
      },
      decode: item(BatchInferenceJobWireSchema),
    };
  },
  get: (id) => ({
    method: "GET",
    path: path`/v2/batch-inference/${id}`,
    decode: item(BatchInferenceJobWireSchema),
  }),
  list: () => ({
    method: "GET",
    path: `/v2/batch-inference?limit=${BATCH_LIST_LIMIT}`,
    decode: list(BatchInferenceJobWireSchema, "jobs"),
  }),
  cancel: (id) => ({ method: "GET", path: path`/v2/batch-inference/${id}/cancel`, decode: readBack }),
  results: (id) => ({
    method: "GET",
    path: path`/v2/batch-inference/${id}/results`,
    decode: item(BatchInferenceResultsSchema),
  }),
};

const notInSpec = (operation: string) =>
  unsupported(operation, "spec", "the seed API has no such batch inference route; use wireFormat platform");

const spec: BatchInferenceCodec = {
  create: (p) => ({
    method: "POST",
    path: "/v2/batch-inference/jobs",
    body: { ...p },
    decode: item(BatchInferenceJobWireSchema),
  }),
  get: (id) => ({
    method: "GET",
    path: path`/v2/batch-inference/jobs/${id}`,
    decode: item(BatchInferenceJobWireSchema),
  }),
  list: () => ({
    method: "GET",
    path: "/v2/batch-inference/jobs",
    decode: list(BatchInferenceJobWireSchema, "jobs"),
  }),
  cancel: () => notInSpec("batchInference.jobs.cancel"),
  results: () => notInSpec("batchInference.jobs.results"),
};

export const batchInferenceWire = (format: WireFormat): BatchInferenceCodec =>
  format === "platform" ? platform : spec;
