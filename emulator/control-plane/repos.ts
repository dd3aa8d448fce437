import { conflict } from "../core/errors.js";
import { newUuid } from "../core/ids.js";
import { json } from "../http/reply.js";
import type { Router } from "../http/router.js";
import type { RepoRecord } from "../state/records.js";
import { repoView } from "../state/views.js";
import { FieldReader } from "../validation/fields.js";
import { readName } from "../validation/names.js";
import { type Handler, limited, mustGet } from "./handler.js";

/** Adapter repositories. Versions are only ever added by completed fine-tuning jobs. */
export function registerRepos(router: Router<Handler>): void {
  router
    .on("POST", "/repos", createRepo)
    .on("GET", "/repos", (call) => {
      const repos = [...call.tenant.repos.values()].map(repoView);
      return json({ data: { repos: limited(repos, call.query) } });
    })
    .on("GET", "/repos/:name", (call) =>
      json(repoView(mustGet(call.tenant.repos, call.params.name ?? "", "repo"))),
    )
    .on("DELETE", "/repos/:name", (call) => {
      const name = call.params.name ?? "";
      mustGet(call.tenant.repos, name, "repo");
      call.tenant.repos.delete(name);
      return json({});
    });
}

const createRepo: Handler = (call) => {
  const body = FieldReader.of(call.body);
  const name = readName(body);
  const description = body.string("description") ?? null;
  // The Python SDK sends `existsOk` to make create idempotent; accept both spellings.
  const existsOk = body.boolean("exists_ok") ?? body.boolean("existsOk") ?? false;
  const existing = call.tenant.repos.get(name);
  if (existing) {
    if (existsOk) return json(repoView(existing));
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
  return json(repoView(repo));
};
