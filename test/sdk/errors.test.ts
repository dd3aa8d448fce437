import { describe, expect, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  PredibaseError,
  RateLimitError,
  ServiceUnavailableError,
  UnprocessableEntityError,
} from "../../sdk/index.js";

const at = { method: "GET", path: "/v2/deployments/x", requestId: "req_1" };

describe("APIError.from", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, ServiceUnavailableError],
  ])("maps %i to %s", (status, cls) => {
    const err = APIError.from(status, at);
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(APIError);
    expect(err).toBeInstanceOf(PredibaseError);
    expect(err.status).toBe(status);
    expect(err.name).toBe(cls.name);
  });

  it("treats 503 as a server error too", () => {
    expect(APIError.from(503, at)).toBeInstanceOf(InternalServerError);
  });

  it("gives other statuses (424 generation) a plain APIError with the error type", () => {
    const err = APIError.from(424, {
      ...at,
      body: { error: "Request failed during generation: Adapter repo/9 not found", error_type: "generation" },
    });
    expect(err.constructor).toBe(APIError);
    expect(err.errorType).toBe("generation");
    expect(err.message).toContain("Adapter repo/9 not found");
  });

  it("puts the server message first, then status, route and request id", () => {
    const err = APIError.from(404, {
      ...at,
      body: { error: "deployment x not found", error_type: "not_found" },
    });
    expect(err.message).toBe(
      "deployment x not found (HTTP 404 not_found, GET /v2/deployments/x, request id req_1)",
    );
    expect(err.serverMessage).toBe("deployment x not found");
    expect(err.requestId).toBe("req_1");
    expect(err.body).toEqual({ error: "deployment x not found", error_type: "not_found" });
  });

  it("reads an error given as {message}", () => {
    const err = APIError.from(400, { ...at, body: { error: { message: "bad thing", type: "invalid" } } });
    expect(err.serverMessage).toBe("bad thing");
    expect(err.errorType).toBe("invalid");
  });

  it("uses plain-text bodies as the message and falls back to the status", () => {
    expect(APIError.from(502, { ...at, body: "Bad Gateway" }).serverMessage).toBe("Bad Gateway");
    expect(APIError.from(500, { ...at, body: {} }).serverMessage).toBe("HTTP 500");
  });
});
