import type { RequestOptions } from "../core/api-client.js";
import { createByName, sameOrUnset } from "../core/idempotency.js";
import type { AdapterVersion, Repo, RepoCreateParams } from "../schemas/repos.js";
import { repoWire } from "../wire/repos.js";
import { deleteOnce } from "./delete-once.js";
import { APIResource } from "./resource.js";

/** Adapter versions ("repo/N"), one at a time (`/v2/repos/{repo}/version/{tag}`, platform format). */
export class AdapterVersions extends APIResource {
  async get(repo: string, tag: number | string, opts?: RequestOptions): Promise<AdapterVersion> {
    return this.send(repoWire(this.format).getVersion(repo, tag), opts);
  }

  /** Hides the version from listings (it stays usable); returns it as read back. */
  async archive(repo: string, tag: number | string, opts?: RequestOptions): Promise<AdapterVersion> {
    await this.send(repoWire(this.format).setArchived(repo, tag, true), opts);
    return this.get(repo, tag, opts);
  }

  async unarchive(repo: string, tag: number | string, opts?: RequestOptions): Promise<AdapterVersion> {
    await this.send(repoWire(this.format).setArchived(repo, tag, false), opts);
    return this.get(repo, tag, opts);
  }
}

/** Adapter repositories (`/v2/repos`; wire shapes in sdk/wire/repos.ts). Trained adapters are `versions`. */
export class Repos extends APIResource {
  readonly versions = new AdapterVersions(this.core);

  /** Creates a repo. A retry that meets our own earlier attempt returns it (see idempotency.ts). */
  async create(body: RepoCreateParams, opts?: RequestOptions): Promise<Repo> {
    return createByName({
      create: (hooks) => this.send(repoWire(this.format).create(body), opts, hooks),
      fetchExisting: () => this.get(body.name, opts),
      matches: (repo) => sameOrUnset(body.description, repo.description),
      log: (line) => this.log(line),
    });
  }

  async list(opts?: RequestOptions): Promise<Repo[]> {
    return this.send(repoWire(this.format).list(), opts);
  }

  async get(name: string, opts?: RequestOptions): Promise<Repo> {
    return this.send(repoWire(this.format).get(name), opts);
  }

  /** Deletes a repo; a retry that finds it already gone (404 after a lost response) succeeds. */
  async delete(name: string, opts?: RequestOptions): Promise<void> {
    return deleteOnce((hooks) => this.send(repoWire(this.format).delete(name), opts, hooks));
  }
}
