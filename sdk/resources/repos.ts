import type { RequestOptions } from "../core/api-client.js";
import { createByName, sameOrUnset } from "../core/idempotency.js";
import { ignore, item, list } from "../core/parse.js";
import { type Repo, type RepoCreateParams, RepoSchema } from "../schemas/repos.js";
import { deleteOnce } from "./delete-once.js";
import { APIResource, seg } from "./resource.js";

/** Adapter repositories: `/repos`. Trained adapters appear as `versions` ("repo/N"). */
export class Repos extends APIResource {
  /** Creates a repo. A retry that meets our own earlier attempt returns it (see idempotency.ts). */
  create(body: RepoCreateParams, opts?: RequestOptions): Promise<Repo> {
    return createByName({
      create: (hooks) => this.core.request(this.api("POST", "/repos", body), item(RepoSchema), opts, hooks),
      fetchExisting: () => this.get(body.name, opts),
      matches: (repo) => sameOrUnset(body.description, repo.description),
      log: (line) => this.log(line),
    });
  }

  list(opts?: RequestOptions): Promise<Repo[]> {
    return this.core.request(this.api("GET", "/repos"), list(RepoSchema, "repos"), opts);
  }

  get(name: string, opts?: RequestOptions): Promise<Repo> {
    return this.core.request(this.api("GET", `/repos/${seg(name)}`), item(RepoSchema), opts);
  }

  /** Deletes a repo; a retry that finds it already gone (404 after a lost response) succeeds. */
  delete(name: string, opts?: RequestOptions): Promise<void> {
    return deleteOnce((hooks) =>
      this.core.request(this.api("DELETE", `/repos/${seg(name)}`), ignore, opts, hooks),
    );
  }
}
