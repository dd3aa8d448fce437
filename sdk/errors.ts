import { errorTypeFromBody, messageFromBody } from "./core/error-body.js";

/**
 * Every error the SDK throws. One base class, `PredibaseError`; HTTP failures are `APIError`s with
 * one subclass per status the platform uses, built by `APIError.from(status, …)`.
 *
 * None of these ever holds the API token: errors are built from the response (status, headers,
 * body) and the request's method and path, never from the request headers.
 */
export class PredibaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** What the SDK knows about a failed HTTP exchange. */
export interface APIErrorInit {
  method: string;
  /** URL path of the request, e.g. `/v2/deployments/my-llm`. */
  path: string;
  /** Parsed JSON body, or the raw text when the body was not JSON. */
  body?: unknown;
  requestId?: string | undefined;
  /** Overrides the `error_type` found in the body. */
  errorType?: string | undefined;
  /** Overrides the message found in the body. */
  message?: string | undefined;
  /** Extra context appended to the message, e.g. "in stream". */
  context?: string | undefined;
}

/** An HTTP response with an error status (or an error event inside a 200 stream). */
export class APIError extends PredibaseError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly requestId: string | undefined;
  readonly body: unknown;
  /** The body's `error_type` (`validation`, `not_found`, `generation`, `not_ready`, …). */
  readonly errorType: string | undefined;
  /** The server's own message, without the context the SDK adds. */
  readonly serverMessage: string;

  constructor(status: number, init: APIErrorInit) {
    const serverMessage = init.message ?? messageFromBody(init.body) ?? `HTTP ${status}`;
    const errorType = init.errorType ?? errorTypeFromBody(init.body);
    const facts = [`HTTP ${status}${errorType ? ` ${errorType}` : ""}`, `${init.method} ${init.path}`];
    if (init.context) facts.push(init.context);
    if (init.requestId) facts.push(`request id ${init.requestId}`);
    super(`${serverMessage} (${facts.join(", ")})`);
    this.status = status;
    this.method = init.method;
    this.path = init.path;
    this.requestId = init.requestId;
    this.body = init.body;
    this.errorType = errorType;
    this.serverMessage = serverMessage;
  }

  /** Builds the subclass that matches `status`; other statuses (424, 415, …) get a plain APIError. */
  static from(status: number, init: APIErrorInit): APIError {
    if (status === 400) return new BadRequestError(status, init);
    if (status === 401) return new AuthenticationError(status, init);
    if (status === 403) return new PermissionDeniedError(status, init);
    if (status === 404) return new NotFoundError(status, init);
    if (status === 409) return new ConflictError(status, init);
    if (status === 422) return new UnprocessableEntityError(status, init);
    if (status === 429) return new RateLimitError(status, init);
    if (status === 503) return new ServiceUnavailableError(status, init);
    if (status >= 500) return new InternalServerError(status, init);
    return new APIError(status, init);
  }
}

export class BadRequestError extends APIError {}
export class AuthenticationError extends APIError {}
export class PermissionDeniedError extends APIError {}
export class NotFoundError extends APIError {}
/** 409: a name already taken, or cancelling a job that already ended. */
export class ConflictError extends APIError {}
export class UnprocessableEntityError extends APIError {}
export class RateLimitError extends APIError {}
export class InternalServerError extends APIError {}
/** 503, e.g. a deployment that is not serving yet (`error_type: not_ready`). Retried like any 5xx. */
export class ServiceUnavailableError extends InternalServerError {}

/** The request never produced a response: refused, reset, DNS failure, or a stream cut short. */
export class APIConnectionError extends PredibaseError {
  readonly method: string;
  readonly path: string;
  /** The low-level error code (`ECONNREFUSED`, `UND_ERR_SOCKET`, …) when there is one. */
  readonly code: string | undefined;

  constructor(
    message: string,
    init: { method: string; path: string; code?: string | undefined; cause?: unknown },
  ) {
    super(message, { cause: init.cause });
    this.method = init.method;
    this.path = init.path;
    this.code = init.code;
  }
}

/** The per-call `timeout` elapsed, or a stream stayed silent longer than `streamIdleTimeout`. */
export class APIConnectionTimeoutError extends APIConnectionError {}

/** The caller's AbortSignal fired. Never retried. */
export class APIUserAbortError extends PredibaseError {
  constructor(message = "Request was aborted by the caller's AbortSignal") {
    super(message);
  }
}

/** One field of a response that did not have the expected shape. */
export interface ValidationIssue {
  /** Dotted path into the body, e.g. `data.jobs[0].status`. */
  path: string;
  message: string;
}

/** A 2xx response whose body is not JSON, or lacks a field the SDK needs. */
export class APIResponseValidationError extends PredibaseError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly requestId: string | undefined;
  readonly issues: readonly ValidationIssue[];
  readonly body: unknown;

  constructor(init: {
    status: number;
    method: string;
    path: string;
    requestId?: string | undefined;
    issues: ValidationIssue[];
    body: unknown;
  }) {
    const list = init.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
    const id = init.requestId ? `, request id ${init.requestId}` : "";
    super(`Unexpected response from ${init.method} ${init.path} (HTTP ${init.status}${id}): ${list}`);
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.requestId = init.requestId;
    this.issues = init.issues;
    this.body = init.body;
  }
}

/** The client's configuration is missing or invalid; names the option and its environment variable. */
export class PredibaseConfigError extends PredibaseError {
  readonly option: string;
  readonly envVar: string | undefined;

  constructor(message: string, option: string, envVar?: string) {
    super(message);
    this.option = option;
    this.envVar = envVar;
  }
}

/** A wait reached its deadline; `last` is the last object observed (undefined if no poll succeeded). */
export class WaitTimeoutError<T = unknown> extends PredibaseError {
  readonly last: T | undefined;
  readonly description: string;
  readonly elapsedMs: number;
  readonly polls: number;

  constructor(init: {
    what: string;
    last: T | undefined;
    description: string;
    elapsedMs: number;
    polls: number;
  }) {
    const secs = Math.round(init.elapsedMs / 1000);
    super(`Timed out after ${secs}s waiting for ${init.what}; last state: ${init.description}`);
    this.last = init.last;
    this.description = init.description;
    this.elapsedMs = init.elapsedMs;
    this.polls = init.polls;
  }
}

/** A wait observed a terminal failure (errored deployment, failed job); `last` is that object. */
export class TerminalStateError<T = unknown> extends PredibaseError {
  readonly last: T;
  readonly reason: string;
  /**
   * The terminal status that ended the wait, lowercase, when the condition named one: callers tell
   * a `stopped` deployment (not serving, not broken) from an `errored` one without parsing text.
   */
  readonly status: string | undefined;
  readonly description: string;

  constructor(init: {
    what: string;
    last: T;
    reason: string;
    status?: string | undefined;
    description: string;
  }) {
    super(`Stopped waiting for ${init.what}: ${init.reason}`);
    this.last = init.last;
    this.reason = init.reason;
    this.status = init.status;
    this.description = init.description;
  }
}

/**
 * The operation has no counterpart in the configured wire format (e.g. deployment update in the
 * `spec` format, which has no update route). Nothing was sent; callers can fall back (replace).
 */
export class UnsupportedOperationError extends PredibaseError {
  readonly operation: string;
  readonly wireFormat: string;

  constructor(operation: string, wireFormat: string, hint: string) {
    super(`${operation} is not available in the "${wireFormat}" wire format: ${hint}`);
    this.operation = operation;
    this.wireFormat = wireFormat;
  }
}
