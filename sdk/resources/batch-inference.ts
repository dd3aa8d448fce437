import type { RequestOptions } from "../core/api-client.js";
import { createJobOnce } from "../core/idempotency.js";
import type {
  BatchInferenceJob,
  BatchInferenceJobCreateParams,
  BatchInferenceResults,
} from "../schemas/batch-inference.js";
import { batchJobDone } from "../status.js";
import { batchInferenceWire } from "../wire/batch-inference.js";
import { APIResource, type WaitOptions } from "./resource.js";

export const DEFAULT_BATCH_TIMEOUT_MS = 6 * 60 * 60_000;

/** Batch inference jobs (beta; `/v2/batch-inference`; wire shapes in sdk/wire/batch-inference.ts). */
export class BatchInferenceJobs extends APIResource {
  readonly #known = new Set<string>();

  get #wire() {
    return batchInferenceWire(this.format);
  }

  /** Starts a job; a retry after a lost response adopts the job it created (see idempotency.ts). */
  async create(body: BatchInferenceJobCreateParams, opts?: RequestOptions): Promise<BatchInferenceJob> {
    const call = this.#wire.create(body); // an unsupported parameter throws before anything is sent
    return createJobOnce({
      create: (hooks) => this.send(call, opts, hooks),
      list: () => this.list(opts),
      matches: (job) =>
        job.base_model === body.base_model &&
        job.dataset === body.dataset &&
        (body.output ?? null) === (job.output ?? null),
      known: this.#known,
      log: (line) => this.log(line),
    });
  }

  async list(opts?: RequestOptions): Promise<BatchInferenceJob[]> {
    return this.send(this.#wire.list(), opts);
  }

  async get(id: string, opts?: RequestOptions): Promise<BatchInferenceJob> {
    return this.send(this.#wire.get(id), opts);
  }

  /** Cancels a job (platform format: a GET on `…/cancel`) and returns it as read afterwards. */
  async cancel(id: string, opts?: RequestOptions): Promise<BatchInferenceJob> {
    await this.send(this.#wire.cancel(id), opts);
    return this.get(id, opts);
  }

  /** Where to download a finished job's results (platform format). */
  async results(id: string, opts?: RequestOptions): Promise<BatchInferenceResults> {
    return this.send(this.#wire.results(id), opts);
  }

  /**
   * Waits for `completed`; TerminalStateError on failed/errored, cancelled/canceled and stopped.
   * Unknown statuses keep the wait going. Default timeout 6 h.
   */
  async waitUntilDone(id: string, opts?: WaitOptions<BatchInferenceJob>): Promise<BatchInferenceJob> {
    return this.waitFor(
      `batch inference job ${id} to complete`,
      (o) => this.get(id, o),
      batchJobDone,
      DEFAULT_BATCH_TIMEOUT_MS,
      opts,
    );
  }
}
