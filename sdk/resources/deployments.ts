import type { RequestOptions } from "../core/api-client.js";
import { createByName, sameOrUnset } from "../core/idempotency.js";
import { NotFoundError } from "../errors.js";
import type { Deployment, DeploymentCreateParams, DeploymentUpdateParams } from "../schemas/deployments.js";
import { deploymentReady } from "../status.js";
import { deploymentWire } from "../wire/deployments.js";
import { deleteOnce } from "./delete-once.js";
import { APIResource, type WaitOptions } from "./resource.js";

/** Default wait for a deployment to serve: GPU capacity plus model download can take a while. */
export const DEFAULT_DEPLOYMENT_READY_TIMEOUT_MS = 30 * 60_000;
export const DEFAULT_DEPLOYMENT_DELETE_TIMEOUT_MS = 10 * 60_000;

/** Dedicated deployments (`/v2/deployments`; wire shapes in sdk/wire/deployments.ts). */
export class Deployments extends APIResource {
  get #wire() {
    return deploymentWire(this.format);
  }

  /**
   * Creates a deployment. A retry that meets our own earlier attempt (409 after a lost response)
   * returns the existing deployment when it has what was asked: same base_model, and the same
   * accelerator, replica bounds and description where they were given (see idempotency.ts).
   */
  async create(body: DeploymentCreateParams, opts?: RequestOptions): Promise<Deployment> {
    return createByName({
      create: async (hooks) =>
        (await this.send(this.#wire.create(body), opts, hooks)) ?? (await this.get(body.name, opts)),
      fetchExisting: () => this.get(body.name, opts),
      matches: (d) =>
        d.base_model === body.base_model &&
        sameOrUnset(body.accelerator, d.accelerator) &&
        sameOrUnset(body.min_replicas, d.min_replicas) &&
        sameOrUnset(body.max_replicas, d.max_replicas) &&
        sameOrUnset(body.description, d.description),
      log: (line) => this.log(line),
    });
  }

  /**
   * Changes the given settings in place (`PUT /v2/deployments/{name}`, platform format), then
   * reads the deployment back. The status shows `updating` while the change rolls out; follow with
   * waitUntilReady. The `spec` format has no update: UnsupportedOperationError, nothing sent.
   */
  async update(name: string, body: DeploymentUpdateParams, opts?: RequestOptions): Promise<Deployment> {
    await this.send(this.#wire.update(name, body), opts);
    return this.get(name, opts);
  }

  async list(opts?: RequestOptions): Promise<Deployment[]> {
    return this.send(this.#wire.list(), opts);
  }

  async get(name: string, opts?: RequestOptions): Promise<Deployment> {
    return this.send(this.#wire.get(name), opts);
  }

  /** Starts deletion (status `deleting`, then gone); see waitUntilDeleted. */
  async delete(name: string, opts?: RequestOptions): Promise<void> {
    return deleteOnce((hooks) => this.send(this.#wire.delete(name), opts, hooks));
  }

  /**
   * Waits until the deployment serves with its current settings: `ready` (or `standby` with
   * min_replicas 0); `updating` is waited out. Throws TerminalStateError on `errored`/`failed`,
   * `stopped` (`err.status === "stopped"`: not serving, not broken) and `deleting`/`deleted`.
   * Unknown statuses keep the wait going. Default timeout 30 min.
   */
  async waitUntilReady(name: string, opts?: WaitOptions<Deployment>): Promise<Deployment> {
    return this.waitFor(
      `deployment ${name} to become ready`,
      (o) => this.get(name, o),
      deploymentReady,
      DEFAULT_DEPLOYMENT_READY_TIMEOUT_MS,
      opts,
    );
  }

  /** Waits until GET answers 404 (or the status says `deleted`). Default timeout 10 min. */
  async waitUntilDeleted(name: string, opts?: WaitOptions<Deployment | null>): Promise<void> {
    await this.waitFor<Deployment | null>(
      `deployment ${name} to be deleted`,
      (o) =>
        this.get(name, o).catch((err: unknown) =>
          err instanceof NotFoundError ? null : Promise.reject(err),
        ),
      (d) => ({
        done: d === null || d.status.toLowerCase() === "deleted",
        description: d ? `deployment ${name} is ${d.status}` : `deployment ${name} is gone`,
      }),
      DEFAULT_DEPLOYMENT_DELETE_TIMEOUT_MS,
      opts,
    );
  }
}
