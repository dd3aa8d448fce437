import type { IncomingHttpHeaders } from "node:http";
import { APIConnectionError, APIError } from "../errors.js";
import { headerValue } from "./transport.js";

/**
 * Retry policy, as in openai-node, with one change: 409 is NOT retried. On this API a 409 means
 * "that name is taken" or "that job already ended", and asking again cannot change the answer.
 * A 401 is never retried either: a wrong token stays wrong.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof APIConnectionError) return true;
  if (!(error instanceof APIError)) return false;
  return error.status === 408 || error.status === 429 || error.status >= 500;
}

// Codes that mean the TCP connection was never established, so the server never saw the request.
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "EHOSTUNREACH",
]);

/**
 * Could the failed attempt have been processed by the server? That decides whether a retried
 * create may produce a duplicate. A refused connection, a 408, a 429 and a 4xx were not processed;
 * a reset after sending, a timeout and a 5xx may have been.
 */
export function mayHaveReachedServer(error: unknown): boolean {
  if (error instanceof APIConnectionError) return !(error.code && NOT_SENT_CODES.has(error.code));
  if (error instanceof APIError) return error.status >= 500;
  return false;
}

const MAX_RETRY_AFTER_MS = 60_000;

/**
 * The server's wait hint: `retry-after-ms`, then `Retry-After` (seconds or HTTP date), then
 * `x-ratelimit-reset` (seconds until the window resets: the header Predibase documents on its 429s,
 * docs/platform-wire.md §10 row 11; a value that looks like a Unix time is read as one). Ignored
 * when absent, malformed or above 60 s.
 */
export function retryAfterMs(headers: IncomingHttpHeaders | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headerValue(headers["retry-after-ms"]) ?? "");
  if (Number.isFinite(ms) && ms >= 0 && ms <= MAX_RETRY_AFTER_MS) return ms;
  const raw = headerValue(headers["retry-after"])?.trim();
  if (!raw) return rateLimitResetMs(headerValue(headers["x-ratelimit-reset"]), now);
  let delay: number;
  if (/^\d+(\.\d+)?$/.test(raw)) {
    delay = Number.parseFloat(raw) * 1000;
  } else {
    const date = Date.parse(raw);
    if (Number.isNaN(date)) return undefined;
    delay = Math.max(0, date - now);
  }
  return delay <= MAX_RETRY_AFTER_MS ? delay : undefined;
}

// Above this, `x-ratelimit-reset` is an absolute Unix time in seconds, not a number of seconds.
const UNIX_TIME_THRESHOLD_S = 1_000_000_000;

function rateLimitResetMs(raw: string | undefined, now: number): number | undefined {
  const value = raw?.trim();
  if (!value || !/^\d+(\.\d+)?$/.test(value)) return undefined;
  const seconds = Number.parseFloat(value);
  const delay = seconds >= UNIX_TIME_THRESHOLD_S ? Math.max(0, seconds * 1000 - now) : seconds * 1000;
  return delay <= MAX_RETRY_AFTER_MS ? delay : undefined;
}

/**
 * Delay before retry number `retry` (0-based): the server's hint when it gave a short one, else
 * exponential backoff from 0.5 s capped at 8 s, minus up to 25 % jitter so that clients that failed
 * together do not come back together.
 */
export function retryDelayMs(
  retry: number,
  hintMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (hintMs !== undefined) return hintMs;
  const base = Math.min(500 * 2 ** retry, 8_000);
  return base * (1 - random() * 0.25);
}

/**
 * What the request loop records about its attempts, shared with the create helpers in
 * idempotency.ts so they can tell "409 because of me" from "409 because someone else".
 */
export class AttemptTrace {
  attempts = 0;
  /** Wall-clock time (ms) when the first attempt was sent. */
  firstAttemptAt: number | undefined;
  /** How many failed attempts may have been processed by the server. */
  ambiguousFailures = 0;
}
