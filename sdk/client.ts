import { type PredibaseOptions, resolveConfig } from "./config.js";
import { APIClient, type RequestOptions } from "./core/api-client.js";
import { DeploymentClient } from "./data-plane/deployment-client.js";
import { BatchInferenceJobs } from "./resources/batch-inference.js";
import { Datasets } from "./resources/datasets.js";
import { Deployments } from "./resources/deployments.js";
import { FinetuningJobs } from "./resources/finetuning.js";
import { Models } from "./resources/models.js";
import { Repos } from "./resources/repos.js";
import { Users } from "./resources/users.js";
import type { WireFormat } from "./wire/format.js";

/**
 * The Predibase client: control-plane resources as properties, and `deployment(name)` for the
 * data plane of one deployment.
 *
 * ```ts
 * const client = new Predibase(); // PREDIBASE_API_TOKEN, PREDIBASE_WIRE_FORMAT, …
 * const dep = await client.deployments.create({ name: "my-llm", base_model: "qwen3-8b" });
 * await client.deployments.waitUntilReady(dep.name);
 * ```
 */
export class Predibase {
  readonly repos: Repos;
  readonly datasets: Datasets;
  readonly deployments: Deployments;
  readonly finetuning: { readonly jobs: FinetuningJobs };
  readonly models: Models;
  readonly batchInference: { readonly jobs: BatchInferenceJobs };
  readonly users: Users;
  // Private: keeps the transport (and the token inside it) out of inspect and JSON output.
  readonly #core: APIClient;

  constructor(options: PredibaseOptions = {}) {
    const { config, apiToken } = resolveConfig(options);
    this.#core = new APIClient(config, apiToken);
    this.repos = new Repos(this.#core);
    this.datasets = new Datasets(this.#core);
    this.deployments = new Deployments(this.#core);
    this.finetuning = { jobs: new FinetuningJobs(this.#core) };
    this.models = new Models(this.#core);
    this.batchInference = { jobs: new BatchInferenceJobs(this.#core) };
    this.users = new Users(this.#core);
  }

  /** The control-plane URL as configured (e.g. `https://api.app.predibase.com/v2`). */
  get apiUrl(): string {
    return this.#core.config.apiUrl;
  }

  /** `apiUrl` without its trailing `/v1` or `/v2`: requests go to `{gatewayUrl}/v2/…` and `/v1/…`. */
  get gatewayUrl(): string {
    return this.#core.config.gatewayUrl;
  }

  get servingUrl(): string {
    return this.#core.config.servingUrl;
  }

  /** Which wire format the client speaks: `platform` (the live API, default) or `spec`. */
  get wireFormat(): WireFormat {
    return this.#core.config.wireFormat;
  }

  /** The configured tenant id, or the discovered one once resolveTenantId has run. */
  get tenantId(): string | undefined {
    return this.#core.knownTenantId;
  }

  /**
   * The tenant id: configured (`tenantId`, PREDIBASE_TENANT_ID), else discovered from
   * `GET /v1/users/current` once per client and cached.
   */
  resolveTenantId(opts?: RequestOptions): Promise<string> {
    return this.#core.resolveTenantId(opts);
  }

  /**
   * The data plane of deployment `name`. Its serving URLs need the tenant id: the configured one,
   * else its first request asks the API once (`resolveTenantId`).
   */
  deployment(name: string): DeploymentClient {
    return new DeploymentClient(this.#core, name);
  }

  /** Closes the pooled keep-alive connections. The client must not be used afterwards. */
  close(): Promise<void> {
    return this.#core.close();
  }

  toJSON(): Record<string, unknown> {
    return this.#core.toJSON();
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Predibase ${JSON.stringify(this.toJSON())}`;
  }
}
