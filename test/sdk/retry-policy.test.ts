import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  isRetryable,
  mayHaveReachedServer,
  retryAfterMs,
  retryDelayMs,
} from "../../sdk/index.js";

const at = { method: "POST", path: "/v2/deployments" };

describe("retry policy", () => {
  it.each([
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [400, false],
    [401, false],
    [404, false],
    [409, false], // duplicate name: asking again cannot help
    [422, false],
    [424, false],
  ])("status %i retryable: %s", (status, expected) => {
    expect(isRetryable(APIError.from(status, at))).toBe(expected);
  });

  it("retries connection errors and timeouts", () => {
    expect(isRetryable(new APIConnectionError("reset", { ...at, code: "ECONNRESET" }))).toBe(true);
    expect(isRetryable(new APIConnectionTimeoutError("slow", at))).toBe(true);
    expect(isRetryable(new Error("other"))).toBe(false);
  });

  it("tells failures that may have created something from ones that cannot have", () => {
    expect(mayHaveReachedServer(new APIConnectionError("refused", { ...at, code: "ECONNREFUSED" }))).toBe(
      false,
    );
    expect(mayHaveReachedServer(new APIConnectionError("reset", { ...at, code: "UND_ERR_SOCKET" }))).toBe(
      true,
    );
    expect(mayHaveReachedServer(new APIConnectionTimeoutError("slow", { ...at, code: "ETIMEDOUT" }))).toBe(
      true,
    );
    expect(mayHaveReachedServer(APIError.from(429, at))).toBe(false);
    expect(mayHaveReachedServer(APIError.from(502, at))).toBe(true);
  });

  it("reads Retry-After in seconds, as an HTTP date, and retry-after-ms", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs({ "retry-after": "3" }, now)).toBe(3000);
    expect(retryAfterMs({ "retry-after": "1.5" }, now)).toBe(1500);
    expect(retryAfterMs({ "retry-after": "Thu, 01 Jan 2026 00:00:07 GMT" }, now)).toBe(7000);
    expect(retryAfterMs({ "retry-after-ms": "250", "retry-after": "9" }, now)).toBe(250);
  });

  it("honours x-ratelimit-reset (seconds, Predibase's documented 429 header) after Retry-After", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs({ "x-ratelimit-reset": "4" }, now)).toBe(4000);
    expect(retryAfterMs({ "x-ratelimit-reset": "0" }, now)).toBe(0);
    expect(retryAfterMs({ "retry-after": "2", "x-ratelimit-reset": "9" }, now)).toBe(2000);
    // A Unix time is read as one.
    expect(retryAfterMs({ "x-ratelimit-reset": String(now / 1000 + 5) }, now)).toBe(5000);
    expect(retryAfterMs({ "x-ratelimit-reset": "120" }, now)).toBeUndefined();
    expect(retryAfterMs({ "x-ratelimit-reset": "-3" }, now)).toBeUndefined();
    expect(retryAfterMs({ "x-ratelimit-reset": "soon" }, now)).toBeUndefined();
  });

  it("ignores Retry-After above 60 s or unparsable", () => {
    expect(retryAfterMs({ "retry-after": "61" })).toBeUndefined();
    expect(retryAfterMs({ "retry-after": "soon" })).toBeUndefined();
    expect(retryAfterMs({})).toBeUndefined();
  });

  it("backs off exponentially from 0.5 s to 8 s with at most 25 % jitter", () => {
    expect(retryDelayMs(0, undefined, () => 0)).toBe(500);
    expect(retryDelayMs(1, undefined, () => 0)).toBe(1000);
    expect(retryDelayMs(3, undefined, () => 0)).toBe(4000);
    expect(retryDelayMs(10, undefined, () => 0)).toBe(8000);
    expect(retryDelayMs(0, undefined, () => 0.999)).toBeGreaterThan(375);
    expect(retryDelayMs(2, 1234)).toBe(1234);
  });
});
