import { ApiError } from "./core/errors.js";
import type { FaultRule } from "./faults.js";

const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: "validation",
  401: "authentication",
  404: "not_found",
  409: "conflict",
  422: "validation",
  429: "rate_limit",
};

const MESSAGES: Readonly<Record<number, string>> = {
  429: "Rate limit exceeded: too many requests, retry later",
  500: "Internal server error",
  502: "Bad gateway: upstream connect error or disconnect/reset before headers",
  503: "Service temporarily unavailable",
  504: "Gateway timeout: upstream request timeout",
};

/** The error a `status` fault answers with: the body and headers the real service sends. */
export function faultError(rule: FaultRule): ApiError {
  const status = rule.status ?? 500;
  const type = ERROR_TYPES[status] ?? (status >= 500 ? "server" : "validation");
  const message = rule.message ?? MESSAGES[status] ?? `Injected HTTP ${status}`;
  const retryAfter = rule.retry_after ?? (status === 429 ? 1 : undefined);
  const headers: Record<string, string> =
    retryAfter === undefined ? {} : { "retry-after": String(retryAfter) };
  if (status === 429) {
    // The live service documents x-ratelimit-* headers (docs/platform-wire.md §10 row 11).
    headers["x-ratelimit-remaining"] = "0";
    headers["x-ratelimit-reset"] = String(retryAfter ?? 1);
  }
  return new ApiError(status, type, message, headers);
}
