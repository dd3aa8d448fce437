import type { RequestOptions } from "../core/api-client.js";
import { createJobOnce, sameOrUnset } from "../core/idempotency.js";
import { AttemptTrace } from "../core/retry.js";
import { ConflictError } from "../errors.js";
import type {
  FinetuningJob,
  FinetuningJobCreateParams,
  FinetuningJobTimeline,
} from "../schemas/finetuning.js";
import { finetuningJobDone, isJobFailed } from "../status.js";
import { finetuningWire } from "../wire/finetuning.js";
import { APIResource, type WaitOptions } from "./resource.js";

/** Default wait for a fine-tuning job: queueing plus training routinely takes hours. */
export const DEFAULT_FINETUNING_TIMEOUT_MS = 6 * 60 * 60_000;

/** Fine-tuning jobs (`/v2/finetuning/jobs`; wire shapes in sdk/wire/finetuning.ts). */
export class FinetuningJobs extends APIResource {
  /** Ids this client created or adopted, so a later ambiguous create never adopts them again. */
  readonly #known = new Set<string>();

  get #wire() {
    return finetuningWire(this.format);
  }

  /**
   * Starts a job. Jobs have server-side ids, so a retry after a lost response would train twice;
   * instead the SDK lists the jobs and adopts the one its earlier attempt created when there is
   * one (same base_model, dataset, repo, adapter_type, task, description; see idempotency.ts).
   */
  async create(body: FinetuningJobCreateParams, opts?: RequestOptions): Promise<FinetuningJob> {
    return createJobOnce({
      create: (hooks) => this.send(this.#wire.create(body), opts, hooks),
      list: () => this.list(opts),
      matches: (job) =>
        job.base_model === body.base_model &&
        job.dataset === body.dataset &&
        (body.repo ?? null) === (job.repo ?? null) &&
        sameOrUnset(body.adapter_type, job.adapter_type) &&
        sameOrUnset(body.task, job.task) &&
        sameOrUnset(body.description, job.description),
      known: this.#known,
      log: (line) => this.log(line),
    });
  }

  async list(opts?: RequestOptions): Promise<FinetuningJob[]> {
    return this.send(this.#wire.list(), opts);
  }

  async get(id: string, opts?: RequestOptions): Promise<FinetuningJob> {
    return this.send(this.#wire.get(id), opts);
  }

  /** When the job entered each status (platform format): `{ queued: { started_at }, … }`. */
  async timeline(id: string, opts?: RequestOptions): Promise<FinetuningJobTimeline> {
    return this.send(this.#wire.timeline(id), opts);
  }

  /**
   * Cancels a job and returns it as read afterwards. If a retry gets 409 ("already terminal")
   * after an attempt that may have reached the server, that attempt probably did the cancel:
   * return the job when it is canceled.
   */
  async cancel(id: string, opts?: RequestOptions): Promise<FinetuningJob> {
    const trace = new AttemptTrace();
    try {
      return (await this.send(this.#wire.cancel(id), opts, { trace })) ?? (await this.get(id, opts));
    } catch (err) {
      if (!(err instanceof ConflictError) || trace.ambiguousFailures === 0) throw err;
      const job = await this.get(id, opts);
      if (isJobFailed(job)) return job;
      throw err;
    }
  }

  /** Waits for `completed`; TerminalStateError on errored/canceled/stopped. Default timeout 6 h. */
  async waitUntilDone(id: string, opts?: WaitOptions<FinetuningJob>): Promise<FinetuningJob> {
    return this.waitFor(
      `fine-tuning job ${id} to complete`,
      (o) => this.get(id, o),
      finetuningJobDone,
      DEFAULT_FINETUNING_TIMEOUT_MS,
      opts,
    );
  }
}
