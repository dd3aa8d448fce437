import type { RequestOptions } from "../core/api-client.js";
import { createJobOnce } from "../core/idempotency.js";
import { item, list } from "../core/parse.js";
import {
  type BatchInferenceJob,
  type BatchInferenceJobCreateParams,
  BatchInferenceJobSchema,
} from "../schemas/batch-inference.js";
import { batchJobDone } from "../status.js";
import { APIResource, seg, type WaitOptions } from "./resource.js";

export const DEFAULT_BATCH_TIMEOUT_MS = 6 * 60 * 60_000;

/** Batch inference jobs: `/batch-inference/jobs` (beta on the platform). */
export class BatchInferenceJobs extends APIResource {
  readonly #known = new Set<string>();

  /** Starts a job; a retry after a lost response adopts the job it created (see idempotency.ts). */
  create(body: BatchInferenceJobCreateParams, opts?: RequestOptions): Promise<BatchInferenceJob> {
    return createJobOnce({
      create: (hooks) =>
        this.core.request(
          this.api("POST", "/batch-inference/jobs", body),
          item(BatchInferenceJobSchema),
          opts,
          hooks,
        ),
      list: () => this.list(opts),
      matches: (job) =>
        job.base_model === body.base_model &&
        job.dataset === body.dataset &&
        (body.output ?? null) === (job.output ?? null),
      known: this.#known,
      log: (line) => this.log(line),
    });
  }

  list(opts?: RequestOptions): Promise<BatchInferenceJob[]> {
    return this.core.request(
      this.api("GET", "/batch-inference/jobs"),
      list(BatchInferenceJobSchema, "jobs"),
      opts,
    );
  }

  get(id: string, opts?: RequestOptions): Promise<BatchInferenceJob> {
    return this.core.request(
      this.api("GET", `/batch-inference/jobs/${seg(id)}`),
      item(BatchInferenceJobSchema),
      opts,
    );
  }

  /** Waits for `completed`; TerminalStateError on errored/failed/canceled. Default timeout 6 h. */
  waitUntilDone(id: string, opts?: WaitOptions<BatchInferenceJob>): Promise<BatchInferenceJob> {
    return this.waitFor(
      `batch inference job ${id} to complete`,
      (o) => this.get(id, o),
      batchJobDone,
      DEFAULT_BATCH_TIMEOUT_MS,
      opts,
    );
  }
}
