/**
 * How a deployment looks on the wire, in both formats.
 *
 * platform (docs/platform-wire.md §2): `POST /v2/deployments` `{name, description, config}` with
 * all 17 camelCase config keys (unset ones `null`, as the official client sends them); the reply is
 * ignored and the deployment read back with a GET. `GET /v2/deployments/{name}` → `{"data": {…}}`,
 * list → `{"data": […]}`; the object nests `model`, `accelerator` and `config`. `PUT
 * /v2/deployments/{name}` `{config?, description?}` sends only the given keys (the server reads
 * `null` as unchanged). `DELETE` as in spec.
 *
 * spec (spec/predibase-openapi.yaml): flat snake_case bodies and objects at `/v2/deployments`;
 * no update route.
 */
import { z } from "zod";
import { ignore, item, list } from "../core/parse.js";
import { nullish } from "../schemas/common.js";
import {
  type Deployment,
  type DeploymentCreateParams,
  DeploymentSchema,
  type DeploymentUpdateParams,
} from "../schemas/deployments.js";
import { compact, eitherShape, path, readBack, unsupported, type WireCall } from "./call.js";
import type { WireFormat } from "./format.js";

const int = nullish(z.number().int());
const str = nullish(z.string());
const bool = nullish(z.boolean());
const strings = nullish(z.array(z.string()));

/** The platform's `config` object: 17 camelCase keys, each optional and `null` when unset. */
const PlatformConfigSchema = z.object({
  baseModel: str,
  accelerator: str,
  quantization: str,
  usesGuaranteedCapacity: bool,
  customArgs: strings,
  preloadedAdapters: strings,
  cooldownTime: int,
  minReplicas: int,
  maxReplicas: int,
  maxTotalTokens: int,
  scaleUpRequestThreshold: int,
  // hfToken is deliberately not read: the platform answers null, and a token must never land on
  // a public object (or in Pulumi state through one).
  loraxImageTag: str,
  speculator: str,
  requestLoggingEnabled: bool,
  directIngress: bool,
  prefixCaching: bool,
});

const PlatformDeploymentSchema = z
  .object({
    name: z.string(),
    uuid: z.string().optional(),
    description: str,
    type: str,
    status: z.string(),
    model: z.object({ name: z.string(), maxInputLength: int }).optional(),
    accelerator: nullish(z.object({ id: str })),
    quantization: str,
    currentReplicas: int,
    config: nullish(PlatformConfigSchema),
    usesGuaranteedCapacity: bool,
    createdAt: str,
    updatedAt: str,
    errorText: str,
  })
  .refine((d) => d.model?.name ?? d.config?.baseModel, {
    message: "a deployment needs model.name or config.baseModel",
    path: ["model", "name"],
  })
  .transform((d): Deployment => {
    const c = d.config ?? {};
    return compact({
      name: d.name,
      base_model: d.model?.name ?? c.baseModel ?? "",
      status: d.status.toLowerCase(),
      uuid: d.uuid,
      type: d.type,
      accelerator: d.accelerator?.id ?? c.accelerator,
      quantization: d.quantization ?? c.quantization,
      min_replicas: c.minReplicas,
      max_replicas: c.maxReplicas,
      current_replicas: d.currentReplicas,
      cooldown_time: c.cooldownTime,
      max_total_tokens: c.maxTotalTokens,
      max_input_length: d.model?.maxInputLength,
      scale_up_request_threshold: c.scaleUpRequestThreshold,
      preloaded_adapters: c.preloadedAdapters,
      prefix_caching: c.prefixCaching,
      request_logging_enabled: c.requestLoggingEnabled,
      custom_args: c.customArgs,
      uses_guaranteed_capacity: d.usesGuaranteedCapacity ?? c.usesGuaranteedCapacity,
      description: d.description,
      created_at: d.createdAt,
      updated_at: d.updatedAt,
      error: d.errorText,
    });
  });

/** A deployment in either shape: the platform's nests `model`/`config`, the spec's is flat. */
export const DeploymentWireSchema = eitherShape(
  (r) => typeof r.model === "object" || typeof r.config === "object",
  PlatformDeploymentSchema,
  DeploymentSchema,
);

/** The updatable settings as platform config keys; only the given ones (undefined stays out). */
function updatableConfig(p: DeploymentUpdateParams): Record<string, unknown> {
  return {
    minReplicas: p.min_replicas,
    maxReplicas: p.max_replicas,
    cooldownTime: p.cooldown_time,
    maxTotalTokens: p.max_total_tokens,
    scaleUpRequestThreshold: p.scale_up_request_threshold,
    preloadedAdapters: p.preloaded_adapters,
    prefixCaching: p.prefix_caching,
    requestLoggingEnabled: p.request_logging_enabled,
    customArgs: p.custom_args,
    hfToken: p.hf_token,
  };
}

/** All 17 keys, unset ones `null`: the body the official client sends (DeploymentConfig dump). */
function platformCreateConfig(p: DeploymentCreateParams): Record<string, unknown> {
  const given: Record<string, unknown> = {
    baseModel: p.base_model,
    accelerator: p.accelerator,
    quantization: p.quantization,
    usesGuaranteedCapacity: p.uses_guaranteed_capacity,
    ...updatableConfig(p),
  };
  const all = [...Object.keys(PlatformConfigSchema.shape), "hfToken"];
  return Object.fromEntries(all.map((key) => [key, given[key] ?? null]));
}

/** The hf token goes out in the body; an error that echoes the body must not show it. */
const secretsOf = (p: DeploymentUpdateParams): string[] => (p.hf_token ? [p.hf_token] : []);

export interface DeploymentCodec {
  /** Resolves to the created deployment, or undefined when it must be read back with `get`. */
  create(params: DeploymentCreateParams): WireCall<Deployment | undefined>;
  get(name: string): WireCall<Deployment>;
  list(): WireCall<Deployment[]>;
  /** Resolves to undefined: the platform's reply is ignored and the deployment read back. */
  update(name: string, params: DeploymentUpdateParams): WireCall<undefined>;
  delete(name: string): WireCall<void>;
}

const shared = {
  get: (name: string): WireCall<Deployment> => ({
    method: "GET",
    path: path`/v2/deployments/${name}`,
    decode: item(DeploymentWireSchema),
  }),
  list: (): WireCall<Deployment[]> => ({
    method: "GET",
    path: "/v2/deployments",
    decode: list(DeploymentWireSchema, "deployments"),
  }),
  delete: (name: string): WireCall<void> => ({
    method: "DELETE",
    path: path`/v2/deployments/${name}`,
    decode: ignore,
  }),
};

const platform: DeploymentCodec = {
  ...shared,
  create: (p) => ({
    method: "POST",
    path: "/v2/deployments",
    body: { name: p.name, description: p.description ?? "", config: platformCreateConfig(p) },
    decode: readBack,
    secrets: secretsOf(p),
  }),
  update: (name, p) => {
    const config = compact(updatableConfig(p));
    const body: Record<string, unknown> = {};
    if (Object.keys(config).length > 0) body.config = config;
    if (p.description !== undefined) body.description = p.description;
    return {
      method: "PUT",
      path: path`/v2/deployments/${name}`,
      body,
      decode: readBack,
      secrets: secretsOf(p),
    };
  },
};

const spec: DeploymentCodec = {
  ...shared,
  // Flat snake_case, exactly the fields given (today's seed body).
  create: (p) => ({
    method: "POST",
    path: "/v2/deployments",
    body: { ...p },
    decode: item(DeploymentWireSchema),
  }),
  update: () =>
    unsupported(
      "deployments.update",
      "spec",
      "the seed API has no update route; delete and recreate the deployment, or use wireFormat platform",
    ),
};

export const deploymentWire = (format: WireFormat): DeploymentCodec =>
  format === "platform" ? platform : spec;
