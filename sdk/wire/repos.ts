/**
 * How an adapter repo and its versions look on the wire, in both formats.
 *
 * platform (docs/platform-wire.md §3): `POST /v2/repos` `{name, description, existsOk: false}` →
 * bare Repo `{uuid, name, description, versions:[{tag, createdAt, createdBy, baseModel, archived}]}`;
 * `GET /v2/repos?limit=N` → `{"data":{"repos":[…]}}`. A version lives at
 * `/v2/repos/{repo}/version/{tag}` (singular): GET → bare AdapterVersion `{repo, tag, archived,
 * baseModel, description, adapterPath, checkpoint, status, finetuningJob:{uuid, error}}`; PUT
 * `{"archived": bool}` archives or unarchives it (reply ignored). Repo DELETE is seed-only but
 * served by the emulator in both formats.
 *
 * spec: flat snake_case at `/v2/repos`; versions have no route of their own.
 */
import { z } from "zod";
import { ignore, item, list } from "../core/parse.js";
import { nullish } from "../schemas/common.js";
import {
  type AdapterVersion,
  AdapterVersionSchema,
  type Repo,
  type RepoCreateParams,
  RepoSchema,
  type RepoVersion,
} from "../schemas/repos.js";
import { compact, eitherShape, path, readBack, unsupported, type WireCall } from "./call.js";
import type { WireFormat } from "./format.js";

const str = nullish(z.string());

const platformVersionFields = {
  tag: z.number().int(),
  baseModel: str,
  archived: nullish(z.boolean()),
  status: str,
  createdAt: str,
  finetuningJob: nullish(z.object({ uuid: str, error: str })),
  adapterType: str,
};

function versionOf(repo: string, v: z.infer<z.ZodObject<typeof platformVersionFields>>): RepoVersion {
  return compact({
    tag: v.tag,
    adapter_id: `${repo}/${v.tag}`,
    base_model: v.baseModel,
    adapter_type: v.adapterType,
    finetuning_job_id: v.finetuningJob?.uuid,
    status: v.status,
    archived: v.archived,
    created_at: v.createdAt,
  });
}

const PlatformRepoSchema = z
  .object({
    name: z.string(),
    uuid: z.string().optional(),
    description: str,
    createdAt: str,
    versions: nullish(z.array(z.object(platformVersionFields))),
  })
  .transform(
    (r): Repo =>
      compact({
        name: r.name,
        uuid: r.uuid,
        description: r.description,
        created_at: r.createdAt,
        versions: (r.versions ?? []).map((v) => versionOf(r.name, v)),
      }),
  );

const SpecRepoSchema = RepoSchema.transform(
  (r): Repo => ({
    ...r,
    versions: r.versions?.map((v) => ({ ...v, adapter_id: v.adapter_id ?? `${r.name}/${v.tag}` })),
  }),
);

/** A repo in either shape: the platform's says `createdAt`/`baseModel`, the spec's snake_case. */
export const RepoWireSchema = eitherShape(
  (r) =>
    "createdAt" in r ||
    (Array.isArray(r.versions) && r.versions.some((v) => typeof v === "object" && v && "baseModel" in v)),
  PlatformRepoSchema,
  SpecRepoSchema,
);

const PlatformAdapterVersionSchema = z
  .object({
    ...platformVersionFields,
    repo: z.string(),
    description: str,
    adapterPath: str,
    checkpoint: nullish(z.number().int()),
  })
  .transform(
    (v): AdapterVersion =>
      compact({
        ...versionOf(v.repo, v),
        repo: v.repo,
        adapter_id: `${v.repo}/${v.tag}`,
        description: v.description,
        adapter_path: v.adapterPath,
        checkpoint: v.checkpoint,
        error: v.finetuningJob?.error,
      }),
  );

export const AdapterVersionWireSchema = eitherShape(
  (r) => "baseModel" in r || "adapterPath" in r || "finetuningJob" in r,
  PlatformAdapterVersionSchema,
  AdapterVersionSchema,
);

/** How many repos a list asks for: the platform pages with `limit` and has no cursor (RP:32-34). */
export const REPO_LIST_LIMIT = 1000;

export interface RepoCodec {
  create(params: RepoCreateParams): WireCall<Repo>;
  get(name: string): WireCall<Repo>;
  list(): WireCall<Repo[]>;
  delete(name: string): WireCall<void>;
  getVersion(repo: string, tag: number | string): WireCall<AdapterVersion>;
  /** Resolves to undefined: the reply is ignored and the version read back. */
  setArchived(repo: string, tag: number | string, archived: boolean): WireCall<undefined>;
}

const shared = {
  get: (name: string): WireCall<Repo> => ({
    method: "GET",
    path: path`/v2/repos/${name}`,
    decode: item(RepoWireSchema),
  }),
  delete: (name: string): WireCall<void> => ({
    method: "DELETE",
    path: path`/v2/repos/${name}`,
    decode: ignore,
  }),
};

const platform: RepoCodec = {
  ...shared,
  create: (p) => ({
    method: "POST",
    path: "/v2/repos",
    // existsOk false: a taken name must answer 409, which the create helper tells apart.
    body: { name: p.name, description: p.description ?? null, existsOk: false },
    decode: item(RepoWireSchema),
  }),
  list: () => ({
    method: "GET",
    path: `/v2/repos?limit=${REPO_LIST_LIMIT}`,
    decode: list(RepoWireSchema, "repos"),
  }),
  getVersion: (repo, tag) => ({
    method: "GET",
    path: path`/v2/repos/${repo}/version/${tag}`,
    decode: item(AdapterVersionWireSchema),
  }),
  setArchived: (repo, tag, archived) => ({
    method: "PUT",
    path: path`/v2/repos/${repo}/version/${tag}`,
    body: { archived },
    decode: readBack,
  }),
};

const noVersions = (operation: string) =>
  unsupported(operation, "spec", "the seed API has no adapter version routes; use wireFormat platform");

const spec: RepoCodec = {
  ...shared,
  create: (p) => ({ method: "POST", path: "/v2/repos", body: { ...p }, decode: item(RepoWireSchema) }),
  list: () => ({ method: "GET", path: "/v2/repos", decode: list(RepoWireSchema, "repos") }),
  getVersion: () => noVersions("repos.versions.get"),
  setArchived: (_repo, _tag, archived) =>
    noVersions(archived ? "repos.versions.archive" : "repos.versions.unarchive"),
};

export const repoWire = (format: WireFormat): RepoCodec => (format === "platform" ? platform : spec);
