import type { RequestOptions } from "../core/api-client.js";
import { createByName, sameOrUnset } from "../core/idempotency.js";
import { ignore, item, list } from "../core/parse.js";
import { NotFoundError } from "../errors.js";
import { type Deployment, type DeploymentCreateParams, DeploymentSchema } from "../schemas/deployments.js";
import { deploymentReady } from "../status.js";
import { deleteOnce } from "./delete-once.js";
import { APIResource, seg, type WaitOptions } from "./resource.js";

/** Default wait for a deployment to serve: GPU capacity plus model download can take a while. */
export const DEFAULT_DEPLOYMENT_READY_TIMEOUT_MS = 30 * 60_000;
export const DEFAULT_DEPLOYMENT_DELETE_TIMEOUT_MS = 10 * 60_000;

/** Dedicated deployments: `/deployments`. */
export class Deployments extends APIResource {
  /**
   * Creates a deployment. A retry that meets our own earlier attempt (409 after a lost response)
   * returns the existing deployment when it has what was asked: same base_model, and the same
   * accelerator, replica bounds and description where they were given (see idempotency.ts).
   */
  create(body: DeploymentCreateParams, opts?: RequestOptions): Promise<Deployment> {
    return createByName({
      create: (hooks) =>
        this.core.request(this.api("POST", "/deployments", body), item(DeploymentSchema), opts, hooks),
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

  list(opts?: RequestOptions): Promise<Deployment[]> {
    return this.core.request(this.api("GET", "/deployments"), list(DeploymentSchema, "deployments"), opts);
  }

  get(name: string, opts?: RequestOptions): Promise<Deployment> {
    return this.core.request(this.api("GET", `/deployments/${seg(name)}`), item(DeploymentSchema), opts);
  }

  /** Starts deletion (status `deleting`, then gone); see waitUntilDeleted. */
  delete(name: string, opts?: RequestOptions): Promise<void> {
    return deleteOnce((hooks) =>
      this.core.request(this.api("DELETE", `/deployments/${seg(name)}`), ignore, opts, hooks),
    );
  }

  /**
   * Waits until the deployment serves (`ready`/`updating`, or `standby` with min_replicas 0).
   * Throws TerminalStateError on `errored`/`failed`/`stopped`/`deleting`. Default timeout 30 min.
   */
  waitUntilReady(name: string, opts?: WaitOptions<Deployment>): Promise<Deployment> {
    return this.waitFor(
      `deployment ${name} to become ready`,
      (o) => this.get(name, o),
      deploymentReady,
      DEFAULT_DEPLOYMENT_READY_TIMEOUT_MS,
      opts,
    );
  }

  /** Waits until GET answers 404. Default timeout 10 min. */
  async waitUntilDeleted(name: string, opts?: WaitOptions<Deployment | null>): Promise<void> {
    await this.waitFor<Deployment | null>(
      `deployment ${name} to be deleted`,
      (o) =>
        this.get(name, o).catch((err: unknown) =>
          err instanceof NotFoundError ? null : Promise.reject(err),
        ),
      (d) => ({
        done: d === null,
        description: d ? `deployment ${name} is ${d.status}` : `deployment ${name} is gone`,
      }),
      DEFAULT_DEPLOYMENT_DELETE_TIMEOUT_MS,
      opts,
    );
  }
}
