/**
 * Safe retries of creates.
 *
 * The API has no idempotency keys, and the transport retries a POST after a connection reset,
 * a timeout or a 5xx. Each of those may come AFTER the server created the object (the response,
 * not the request, was lost), so a blind retry either fails or duplicates:
 *
 * - Repos, datasets and deployments have unique names. The retry gets 409. When an earlier
 *   attempt may have reached the server (see `mayHaveReachedServer`), we GET the object by name and
 *   return it if it is what we asked for (same base_model, accelerator, …): that 409 was our own
 *   first attempt. If it differs, someone else owns the name, and the ConflictError stands.
 *   A 409 on a first attempt, or after failures that never reached the server, is always
 *   rethrown: the name was taken before we came. Likewise, when the retries run out on an
 *   ambiguous failure, a matching object under that name is returned rather than an error that
 *   would leave it orphaned.
 *
 * - Fine-tuning and batch jobs get server-side ids, so a retry never conflicts: it creates a
 *   second job (a second GPU bill). After an ambiguous failure (before retrying, or before giving
 *   up) we list the jobs and adopt one that matches the body, was created since our first
 *   attempt, and that this client has not already created or adopted. "Since" allows for clock
 *   skew between us and the server (`CLOCK_SKEW_MS`). If that listing fails we do not retry
 *   blindly: the original error is thrown. Residual risk, accepted: an identical job created by
 *   another client in that window could be adopted instead of creating ours.
 *
 * - 429 and refused connections mean nothing was created: those retry plainly, no check needed.
 */
import { ConflictError, NotFoundError } from "../errors.js";
import type { RequestHooks } from "./api-client.js";
import { AttemptTrace, isRetryable, mayHaveReachedServer } from "./retry.js";

/** How far the server's clock may lag ours and still count a job as created "since" our attempt. */
export const CLOCK_SKEW_MS = 10 * 60_000;

/** Creates an object with a unique name, turning "409 because of our own lost response" into success. */
export async function createByName<T>(args: {
  create: (hooks: RequestHooks<T>) => Promise<T>;
  fetchExisting: () => Promise<T>;
  matches: (existing: T) => boolean;
  log?: ((line: string) => void) | undefined;
}): Promise<T> {
  const trace = new AttemptTrace();
  try {
    return await args.create({ trace });
  } catch (err) {
    const ownConflict = err instanceof ConflictError && trace.ambiguousFailures > 0;
    const lostResponse = !(err instanceof ConflictError) && isRetryable(err) && mayHaveReachedServer(err);
    if (!ownConflict && !lostResponse) throw err;
    let existing: T;
    try {
      existing = await args.fetchExisting();
    } catch (lookup) {
      // Not there (or unreachable): the original error says best what happened.
      if (lookup instanceof NotFoundError || lostResponse) throw err;
      throw lookup;
    }
    if (!args.matches(existing)) throw err;
    args.log?.("[predibase] create was retried after a lost response; returning the object it created");
    return existing;
  }
}

/** A job as far as adoption needs it. */
export interface AdoptableJob {
  id: string;
  created_at?: string | null | undefined;
}

/** Creates a job, adopting the one an ambiguous earlier attempt created instead of making a second. */
export async function createJobOnce<T extends AdoptableJob>(args: {
  create: (hooks: RequestHooks<T>) => Promise<T>;
  list: () => Promise<T[]>;
  matches: (job: T) => boolean;
  /** Ids this client already created or adopted; updated here. */
  known: Set<string>;
  log?: ((line: string) => void) | undefined;
}): Promise<T> {
  const recover: RequestHooks<T>["recover"] = async ({ error, trace }) => {
    const since = (trace.firstAttemptAt ?? Date.now()) - CLOCK_SKEW_MS;
    let jobs: T[];
    try {
      jobs = await args.list();
    } catch {
      throw error; // cannot tell whether a job exists: a blind retry could train twice
    }
    const candidates = jobs
      .filter((job) => !args.known.has(job.id) && args.matches(job) && createdAt(job) >= since)
      .sort((a, b) => createdAt(a) - createdAt(b));
    const adopted = candidates[0];
    if (!adopted) return undefined;
    args.log?.(`[predibase] create was retried after a lost response; adopting job ${adopted.id}`);
    return { value: adopted };
  };
  const job = await args.create({ trace: new AttemptTrace(), recover });
  args.known.add(job.id);
  return job;
}

// A job without a parsable created_at cannot be placed in time; it is never adopted.
function createdAt(job: AdoptableJob): number {
  const time = job.created_at ? Date.parse(job.created_at) : Number.NaN;
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}

/** True when `wanted` is unset (server default applies) or equal to `actual` (null = unset). */
export function sameOrUnset(wanted: unknown, actual: unknown): boolean {
  if (wanted === undefined || wanted === null) return true;
  return wanted === actual;
}
