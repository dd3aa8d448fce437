import type { RequestHooks } from "../core/api-client.js";
import { AttemptTrace } from "../core/retry.js";
import { NotFoundError } from "../errors.js";

/**
 * A retried DELETE whose first attempt may have reached the server can get 404: the object was
 * deleted by that first attempt and only the response was lost. That is success, not an error.
 * A 404 on a first attempt is still thrown: the caller named something that does not exist.
 */
export async function deleteOnce(send: (hooks: RequestHooks<void>) => Promise<void>): Promise<void> {
  const trace = new AttemptTrace();
  try {
    await send({ trace });
  } catch (err) {
    if (err instanceof NotFoundError && trace.ambiguousFailures > 0) return;
    throw err;
  }
}
