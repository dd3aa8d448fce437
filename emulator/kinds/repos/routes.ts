import { type Handler, limited, mustGet } from "../../control-plane/handler.js";
import type { Call } from "../../core/context.js";
import { badRequest, conflict, notFound, unprocessable } from "../../core/errors.js";
import { newUuid } from "../../core/ids.js";
import { bytes, json } from "../../http/reply.js";
import type { Router } from "../../http/router.js";
import { FieldReader } from "../../validation/fields.js";
import { readName } from "../../validation/names.js";
import { platformBody } from "../platform.js";
import { EMPTY_ZIP } from "../zip.js";
import { nextTag, type RepoRecord, type RepoVersion } from "./record.js";
import { platformRepoView, platformVersionView, repoView, versionState } from "./views.js";

/** Spec format: adapter repositories. Versions are only ever added by completed fine-tuning jobs. */
export function registerSpecRepos(router: Router<Handler>): void {
  router
    .on("POST", "/repos", (call) => {
      const body = FieldReader.of(call.body);
      // The Python SDK sends `existsOk` to make create idempotent; accept both spellings.
      const existsOk = body.boolean("exists_ok") ?? body.boolean("existsOk") ?? false;
      return json(repoView(createRepo(call, body, existsOk)));
    })
    .on("GET", "/repos", (call) => {
      const repos = [...call.tenant.repos.values()].map(repoView);
      return json({ data: { repos: limited(repos, call.query) } });
    })
    .on("GET", "/repos/:name", (call) =>
      json(repoView(mustGet(call.tenant.repos, call.params.name ?? "", "repo"))),
    )
    .on("DELETE", "/repos/:name", deleteRepo);
}

/**
 * Platform format, docs/platform-wire.md §3: bare Repo objects, the list wrapped in
 * `{"data":{"repos":[…]}}`, versions at `/v2/repos/{repo}/version/{tag}` (singular), adapter
 * upload through the emulator's own presigned URLs. `DELETE /v2/repos/{name}` is seed-only.
 */
export function registerPlatformRepos(router: Router<Handler>): void {
  router
    .on("POST", "/v2/repos", (call) => {
      const body = platformBody(call.body);
      body.onlyKeys(["name", "description", "existsOk"]);
      return json(platformRepoView(createRepo(call, body, body.boolean("existsOk") ?? false)));
    })
    .on("GET", "/v2/repos", (call) => {
      const repos = [...call.tenant.repos.values()].map(platformRepoView);
      return json({ data: { repos: limited(repos, call.query) } });
    })
    .on("GET", "/v2/repos/:name", (call) =>
      json(platformRepoView(mustGet(call.tenant.repos, call.params.name ?? "", "repo"))),
    )
    .on("DELETE", "/v2/repos/:name", deleteRepo)
    .on("GET", "/v2/repos/:name/version/:tag", (call) => {
      const { repo, version } = findVersion(call);
      return json(platformVersionView(call.tenant, repo, version, call.now));
    })
    .on("PUT", "/v2/repos/:name/version/:tag", (call) => {
      const { repo, version } = findVersion(call);
      const body = platformBody(call.body);
      body.onlyKeys(["archived", "description"]);
      const archived = body.boolean("archived");
      const description = body.string("description");
      if (archived !== undefined) version.archived = archived;
      if (description !== undefined) version.description = description;
      return json(platformVersionView(call.tenant, repo, version, call.now));
    })
    .on("DELETE", "/v2/repos/:name/version/:tag", (call) => {
      const { repo, version } = findVersion(call);
      const state = versionState(call.tenant, version, call.now);
      if (["queued", "training", "pending"].includes(state.status)) {
        throw conflict(
          `adapter ${repo.name}/${version.tag} is still ${state.status}; cancel its fine-tuning job first`,
        );
      }
      repo.versions = repo.versions.filter((v) => v !== version);
      return json({});
    })
    .on("GET", "/v2/repos/:name/version/:tag/download", (call) => {
      const { repo, version } = findVersion(call);
      const state = versionState(call.tenant, version, call.now);
      if (state.status !== "completed") {
        throw conflict(
          `adapter ${repo.name}/${version.tag} has no weights to download (status: ${state.status})`,
        );
      }
      return bytes(EMPTY_ZIP, "application/zip");
    })
    .on("POST", "/v2/adapters/upload", beginUpload)
    .on("PUT", "/v2/adapters/upload", completeUpload);
}

function createRepo(call: Call, body: FieldReader, existsOk: boolean): RepoRecord {
  const name = readName(body);
  const description = body.string("description") ?? null;
  const existing = call.tenant.repos.get(name);
  if (existing) {
    if (existsOk) return existing;
    throw conflict(`repo ${name} already exists`);
  }
  const repo: RepoRecord = {
    uuid: newUuid(),
    name,
    description,
    created_at: call.now.t,
    versions: [],
    extra: {},
  };
  call.tenant.repos.set(name, repo);
  return repo;
}

const deleteRepo: Handler = (call) => {
  const name = call.params.name ?? "";
  mustGet(call.tenant.repos, name, "repo");
  call.tenant.repos.delete(name);
  return json({});
};

function findVersion(call: Call): { repo: RepoRecord; version: RepoVersion } {
  const repo = mustGet(call.tenant.repos, call.params.name ?? "", "repo");
  const raw = call.params.tag ?? "";
  const tag = Number(raw);
  if (!/^\d+$/.test(raw) || tag < 1) throw badRequest(`tag: must be a positive integer; got "${raw}"`);
  const version = repo.versions.find((v) => v.tag === tag);
  if (version === undefined) throw notFound(`adapter version ${repo.name}/${tag} not found`);
  return { repo, version };
}

const UPLOAD_FILES = ["adapter_config.json", "adapter_model.bin", "adapter_model.safetensors"] as const;

/** `POST /v2/adapters/upload {repo}`: all three presigned URLs (the SDK requires each key). */
const beginUpload: Handler = (call) => {
  const body = platformBody(call.body);
  const repoName = body.string("repo", { required: true });
  if (!call.tenant.repos.has(repoName)) throw unprocessable(`repo: repo "${repoName}" not found`);
  const token = `upl_${newUuid()}`;
  call.tenant.uploadTokens.set(token, repoName);
  const presignedUrls = Object.fromEntries(
    UPLOAD_FILES.map((file) => [file, `${call.core.baseUrl}/__uploads/adapters/${token}/${file}`]),
  );
  return json({ presignedUrls, uploadToken: token, requiredHeaders: {} });
};

/** `PUT /v2/adapters/upload/ {uploadToken}`: the files become the repo's next version. */
const completeUpload: Handler = (call) => {
  const body = platformBody(call.body);
  const token = body.string("uploadToken", { required: true });
  const repoName = call.tenant.uploadTokens.get(token);
  if (repoName === undefined) throw unprocessable("uploadToken: unknown or already used upload token");
  const repo = call.tenant.repos.get(repoName);
  if (repo === undefined) throw unprocessable(`uploadToken: repo "${repoName}" no longer exists`);
  const prefix = `adapters/${token}/`;
  const config = call.core.uploads.get(`${prefix}adapter_config.json`);
  if (config === undefined) throw unprocessable("uploadToken: adapter_config.json was not uploaded");
  const weights = [`${prefix}adapter_model.bin`, `${prefix}adapter_model.safetensors`];
  if (!weights.some((w) => call.core.uploads.has(w))) {
    throw unprocessable("uploadToken: neither adapter_model.bin nor adapter_model.safetensors was uploaded");
  }
  let baseModel = "";
  try {
    const parsed = JSON.parse(config.toString("utf8")) as { base_model_name_or_path?: unknown };
    if (typeof parsed.base_model_name_or_path === "string") baseModel = parsed.base_model_name_or_path;
  } catch {
    throw unprocessable("uploadToken: adapter_config.json is not valid JSON");
  }
  call.tenant.uploadTokens.delete(token);
  const tag = nextTag(repo);
  const version: RepoVersion = {
    tag,
    adapter_id: `${repo.name}/${tag}`,
    base_model: baseModel,
    adapter_type: "lora",
    finetuning_job_id: null,
    status: "ready",
    created_at: call.now.t,
    archived: false,
    description: null,
  };
  repo.versions.push(version);
  return json(platformVersionView(call.tenant, repo, version, call.now));
};
