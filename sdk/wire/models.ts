/**
 * How a base model looks on the wire, in both formats.
 *
 * platform (docs/platform-wire.md §7): the v2 API has no model route; the official client reads the
 * legacy `GET /v1/supported_llms` and returns it raw. Its entries are read in camelCase or
 * snake_case, from a bare array or an envelope.
 *
 * spec: `GET /v2/models` → flat snake_case list.
 */
import { z } from "zod";
import { list } from "../core/parse.js";
import { nullish } from "../schemas/common.js";
import { type Model, ModelSchema } from "../schemas/models.js";
import { compact, eitherShape, type WireCall } from "./call.js";
import type { WireFormat } from "./format.js";

const PlatformModelSchema = z
  .object({
    name: z.string(),
    hfId: nullish(z.string()),
    huggingfaceId: nullish(z.string()),
    parametersBillions: nullish(z.number()),
    contextWindow: nullish(z.number().int()),
    maxInputLength: nullish(z.number().int()),
    supportsFinetuning: nullish(z.boolean()),
    supportedTasks: nullish(z.array(z.string())),
    adapterTypes: nullish(z.array(z.string())),
    servable: nullish(z.boolean()),
    minAccelerator: nullish(z.string()),
    minGpuMemoryGb: nullish(z.number()),
  })
  .transform(
    (m): Model =>
      compact({
        name: m.name,
        hf_id: m.hfId ?? m.huggingfaceId,
        parameters_billions: m.parametersBillions,
        context_window: m.contextWindow ?? m.maxInputLength,
        supports_finetuning: m.supportsFinetuning,
        supported_tasks: m.supportedTasks,
        adapter_types: m.adapterTypes,
        servable: m.servable,
        min_accelerator: m.minAccelerator,
        min_gpu_memory_gb: m.minGpuMemoryGb,
      }),
  );

const camelKeys = [
  "hfId",
  "huggingfaceId",
  "parametersBillions",
  "contextWindow",
  "supportsFinetuning",
  "minGpuMemoryGb",
];

export const ModelWireSchema = eitherShape(
  (r) => camelKeys.some((k) => k in r),
  PlatformModelSchema,
  ModelSchema,
);

export interface ModelCodec {
  list(): WireCall<Model[]>;
}

const platform: ModelCodec = {
  list: () => ({ method: "GET", path: "/v1/supported_llms", decode: list(ModelWireSchema, "models") }),
};

const spec: ModelCodec = {
  list: () => ({ method: "GET", path: "/v2/models", decode: list(ModelWireSchema, "models") }),
};

export const modelWire = (format: WireFormat): ModelCodec => (format === "platform" ? platform : spec);
