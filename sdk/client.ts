import { type PredibaseOptions, requireTenant, resolveConfig } from "./config.js";
import { APIClient } from "./core/api-client.js";
import { DeploymentClient } from "./data-plane/deployment-client.js";
import { BatchInferenceJobs } from "./resources/batch-inference.js";
import { Datasets } from "./resources/datasets.js";
import { Deployments } from "./resources/deployments.js";
import { FinetuningJobs } from "./resources/finetuning.js";
import { Models } from "./resources/models.js";
import { Repos } from "./resources/repos.js";

/**
 * The Predibase client: control-plane resources as properties, and `deployment(name)` for the
 * data plane of one deployment.
 *
 * ```ts
 * const client = new Predibase(); // PREDIBASE_API_TOKEN, PREDIBASE_TENANT_ID, …
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
  }

  get apiUrl(): string {
    return this.#core.config.apiUrl;
  }

  get servingUrl(): string {
    return this.#core.config.servingUrl;
  }

  get tenantId(): string | undefined {
    return this.#core.config.tenantId;
  }

  /** The data plane of deployment `name`. Needs `tenantId` (PredibaseConfigError otherwise). */
  deployment(name: string): DeploymentClient {
    return new DeploymentClient(this.#core, name, requireTenant(this.#core.config, name));
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
