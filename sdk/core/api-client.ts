import type { ResolvedConfig } from "../config.js";
import { APIConnectionError, APIError, APIResponseValidationError, type PredibaseError } from "../errors.js";
import { USER_AGENT } from "../version.js";
import type { WireCall } from "../wire/call.js";
import { userWire } from "../wire/users.js";
import { sleep } from "./abort.js";
import { type Decoder, parseJson } from "./parse.js";
import { AttemptTrace, isRetryable, mayHaveReachedServer, retryAfterMs, retryDelayMs } from "./retry.js";
import { Stream, type StreamProtocol } from "./stream.js";
import { type HttpMethod, Transport, type WireResponse } from "./transport.js";

/** Per-call options, accepted by every method of the SDK. */
export interface RequestOptions {
  /** Per-attempt timeout in ms; overrides the client's `timeout`. */
  timeout?: number | undefined;
  /** Retries after the first attempt; overrides the client's `maxRetries`. */
  maxRetries?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** Internal hooks the create helpers (idempotency.ts) use; not part of the public options. */
export interface RequestHooks<T> {
  trace?: AttemptTrace | undefined;
  /**
   * Runs after a retryable failure that may have reached the server, before the next attempt (or
   * before giving up): a value ends the call with that result; a throw ends it with that error.
   */
  recover?:
    | ((failure: { error: PredibaseError; trace: AttemptTrace }) => Promise<{ value: T } | undefined>)
    | undefined;
}

export interface APIRequest {
  method: HttpMethod;
  /** Absolute base (the control-plane gateway or a deployment's serving base). */
  baseUrl: string;
  /** Path under the base, starting with `/`. */
  path: string;
  /** Sent as JSON; bytes are sent as they are (uploads). */
  body?: unknown;
  /** Extra request headers (an upload's content type and the presigned URL's required headers). */
  headers?: Record<string, string> | undefined;
  /** No Authorization header: presigned upload URLs carry their own credentials. */
  anonymous?: boolean | undefined;
  /** Secrets inside the body (an hf token): redacted like the API token from any error. */
  secrets?: readonly string[] | undefined;
}

/**
 * The one place that sends requests: headers, the retry loop, error mapping and response
 * validation. Resource classes call `request`/`stream` in one line each.
 */
export class APIClient {
  readonly config: ResolvedConfig;
  // A private field: invisible to util.inspect, JSON.stringify, Object.keys and structured logs.
  readonly #token: string;
  readonly #transport = new Transport();
  #tenant: Promise<string> | undefined;
  #tenantId: string | undefined;

  constructor(config: ResolvedConfig, apiToken: string) {
    this.config = config;
    this.#token = apiToken;
  }

  async request<T>(
    req: APIRequest,
    decode: Decoder<T>,
    opts?: RequestOptions,
    hooks?: RequestHooks<T>,
  ): Promise<T> {
    const res = await this.#send(req, false, opts, hooks);
    if ("value" in res) return res.value;
    const path = new URL(req.baseUrl + req.path).pathname;
    const parsed = parseJson(res.text ?? "");
    const decoded = parsed.ok
      ? decode(parsed.value)
      : { ok: false as const, issues: [{ path: "", message: parsed.message }] };
    if (decoded.ok) return decoded.value;
    // The offending body goes into the error, so it gets the same redaction as error bodies.
    const text = this.#redact(res.text ?? "", req.secrets);
    const redacted = parseJson(text);
    throw new APIResponseValidationError({
      status: res.status,
      method: req.method,
      path,
      requestId: res.requestId,
      issues: decoded.issues.map((issue) => ({
        ...issue,
        message: this.#redact(issue.message, req.secrets),
      })),
      body: redacted.ok ? redacted.value : text,
    });
  }

  /** Sends one codec call (sdk/wire/) to the control-plane gateway. */
  send<T>(call: WireCall<T>, opts?: RequestOptions, hooks?: RequestHooks<T>): Promise<T> {
    const req: APIRequest = { method: call.method, baseUrl: this.config.gatewayUrl, path: call.path };
    if (call.body !== undefined) req.body = call.body;
    if (call.secrets?.length) req.secrets = call.secrets;
    return this.request(req, call.decode, opts, hooks);
  }

  /** The configured tenant, or the one already discovered; undefined until then. */
  get knownTenantId(): string | undefined {
    return this.config.tenantId ?? this.#tenantId;
  }

  /**
   * The tenant id for serving URLs: the configured one, else `tenant.shortCode` of
   * `GET /v1/users/current` (what the official client does while it starts), asked once per client
   * and cached. A failed lookup is not cached, so the next call asks again.
   */
  resolveTenantId(opts?: RequestOptions): Promise<string> {
    const known = this.knownTenantId;
    if (known) return Promise.resolve(known);
    if (!this.#tenant) {
      const lookup = this.send(userWire.current(), opts).then((user) => {
        this.#tenantId = user.tenant.short_code;
        return this.#tenantId;
      });
      lookup.catch(() => {
        if (this.#tenant === lookup) this.#tenant = undefined;
      });
      this.#tenant = lookup;
    }
    return this.#tenant;
  }

  /** Retries until the stream's headers arrive with a 2xx; from then on nothing is retried. */
  async stream<T>(req: APIRequest, protocol: StreamProtocol<T>, opts?: RequestOptions): Promise<Stream<T>> {
    const res = await this.#send<never>(req, true, opts);
    if ("value" in res || !res.body) throw new Error("unreachable: a stream response without a body");
    const path = new URL(req.baseUrl + req.path).pathname;
    return new Stream(res.body, protocol, {
      method: req.method,
      path,
      requestId: res.requestId,
      idleTimeoutMs: this.config.streamIdleTimeout,
    });
  }

  close(): Promise<void> {
    return this.#transport.close();
  }

  async #send<T>(
    req: APIRequest,
    stream: boolean,
    opts: RequestOptions | undefined,
    hooks?: RequestHooks<T>,
  ): Promise<WireResponse | { value: T }> {
    const url = new URL(req.baseUrl + req.path);
    const maxRetries = opts?.maxRetries ?? this.config.maxRetries;
    const timeoutMs = opts?.timeout ?? this.config.timeout;
    const trace = hooks?.trace ?? new AttemptTrace();
    const body =
      req.body === undefined || req.body instanceof Uint8Array ? req.body : JSON.stringify(req.body);
    for (let retry = 0; ; retry++) {
      trace.attempts++;
      trace.firstAttemptAt ??= Date.now();
      const started = Date.now();
      let error: PredibaseError;
      let hint: number | undefined;
      try {
        const res = await this.#transport.send({
          url,
          method: req.method,
          headers: this.#headers(req, body !== undefined, stream),
          body,
          timeoutMs,
          signal: opts?.signal,
          stream,
        });
        const id = res.requestId ? ` ${res.requestId}` : "";
        this.#log(`${req.method} ${url.pathname} → ${res.status} in ${Date.now() - started} ms${id}`);
        if (res.status < 400) return res;
        error = this.#apiError(res, req.method, url.pathname, req.secrets);
        hint = retryAfterMs(res.headers);
      } catch (err) {
        if (!(err instanceof APIConnectionError)) throw err; // user abort: never retried
        this.#log(`${req.method} ${url.pathname} failed: ${err.message}`);
        error = err;
      }
      const ambiguous = mayHaveReachedServer(error);
      if (ambiguous) trace.ambiguousFailures++;
      if (!isRetryable(error)) throw error;
      // Even with no retry left, a lost response may hide a created object: let the hook find it.
      if (ambiguous && hooks?.recover) {
        const recovered = await hooks.recover({ error, trace });
        if (recovered) return recovered;
      }
      if (retry >= maxRetries) throw error;
      const delay = retryDelayMs(retry, hint);
      this.#log(
        `retrying ${req.method} ${url.pathname} in ${Math.round(delay)} ms (retry ${retry + 1}/${maxRetries})`,
      );
      await sleep(delay, opts?.signal);
    }
  }

  #headers(req: APIRequest, hasBody: boolean, stream: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      "user-agent": USER_AGENT,
      accept: stream ? "text/event-stream" : "application/json",
    };
    if (!req.anonymous) headers.authorization = `Bearer ${this.#token}`;
    if (hasBody) headers["content-type"] = "application/json";
    for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
    return headers;
  }

  #apiError(res: WireResponse, method: string, path: string, secrets?: readonly string[]): APIError {
    const text = this.#redact(res.text ?? "", secrets);
    const parsed = parseJson(text);
    const body = parsed.ok ? parsed.value : text;
    return APIError.from(res.status, { method, path, body, requestId: res.requestId });
  }

  /** A server that echoes the request (a proxy error page, say) must not leak a secret into errors. */
  #redact(text: string, secrets: readonly string[] = []): string {
    let out = text;
    for (const secret of [this.#token, ...secrets]) {
      if (secret && out.includes(secret)) out = out.split(secret).join("[redacted]");
    }
    return out;
  }

  #log(line: string): void {
    try {
      this.config.logger?.(`[predibase] ${line}`);
    } catch {
      // A failing logger must not fail the request it describes.
    }
  }

  toJSON(): Record<string, unknown> {
    const { logger: _logger, ...rest } = this.config;
    return { ...rest, apiToken: "[redacted]" };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `APIClient ${JSON.stringify(this.toJSON())}`;
  }
}
