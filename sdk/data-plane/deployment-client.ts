import type { APIClient, APIRequest, RequestOptions } from "../core/api-client.js";
import { ignore, item } from "../core/parse.js";
import { eventDecoder, type Stream } from "../core/stream.js";
import { PredibaseConfigError } from "../errors.js";
import {
  type GenerateParams,
  type GenerateResponse,
  GenerateResponseSchema,
  type GenerateStreamEvent,
  GenerateStreamEventSchema,
} from "../schemas/generate.js";
import { ChatCompletions } from "./chat.js";
import { Completions } from "./completions.js";

/**
 * The data plane of one deployment (LoRAX), at
 * `{servingUrl}/{tenantId}/deployments/v2/llms/{name}`. Get one with `client.deployment(name)`.
 * When no tenant id is configured, the first request asks the API for it once
 * (`client.resolveTenantId()`); the URL getters need it known already.
 */
export class DeploymentClient {
  readonly name: string;
  readonly chat: { readonly completions: ChatCompletions };
  readonly completions: Completions;
  readonly #core: APIClient;

  constructor(core: APIClient, name: string) {
    this.#core = core;
    this.name = name;
    const post = (path: string, body: unknown, opts?: RequestOptions) => this.#post(path, body, opts);
    this.chat = { completions: new ChatCompletions(core, post) };
    this.completions = new Completions(core, post);
  }

  /** Native LoRAX routes live here (`/generate`, `/generate_stream`, `/health`). */
  get baseUrl(): string {
    const tenantId = this.#core.knownTenantId;
    if (!tenantId) {
      throw new PredibaseConfigError(
        `The serving URL of deployment "${this.name}" needs the tenant id: make a request first, ` +
          "`await client.resolveTenantId()`, pass `tenantId` to new Predibase({ tenantId }), or set PREDIBASE_TENANT_ID.",
        "tenantId",
        "PREDIBASE_TENANT_ID",
      );
    }
    return this.#baseFor(tenantId);
  }

  /** Base URL for OpenAI-compatible clients: `baseUrl + "/v1"`. */
  get openaiBaseUrl(): string {
    return `${this.baseUrl}/v1`;
  }

  /** Generates text. Pass `parameters.details: true` for finish reason and token counts. */
  async generate(body: GenerateParams, opts?: RequestOptions): Promise<GenerateResponse> {
    return this.#core.request(await this.#post("/generate", body, opts), item(GenerateResponseSchema), opts);
  }

  /**
   * Streams tokens: one event per token; the last one carries `generated_text` (and `details`).
   * An error event inside the stream is thrown from the loop as the matching APIError subclass.
   */
  async generateStream(body: GenerateParams, opts?: RequestOptions): Promise<Stream<GenerateStreamEvent>> {
    return this.#core.stream(
      await this.#post("/generate_stream", body, opts),
      { decode: eventDecoder(GenerateStreamEventSchema), isLast: (event) => event.generated_text != null },
      opts,
    );
  }

  /** Resolves when the deployment answers its health route; throws the APIError otherwise (503 if not ready). */
  async health(opts?: RequestOptions): Promise<void> {
    const baseUrl = await this.#resolvedBase(opts);
    return this.#core.request({ method: "GET", baseUrl, path: "/health" }, ignore, opts);
  }

  async #post(path: string, body: unknown, opts?: RequestOptions): Promise<APIRequest> {
    return { method: "POST", baseUrl: await this.#resolvedBase(opts), path, body };
  }

  async #resolvedBase(opts?: RequestOptions): Promise<string> {
    return this.#baseFor(this.#core.knownTenantId ?? (await this.#core.resolveTenantId(opts)));
  }

  #baseFor(tenantId: string): string {
    return `${this.#core.config.servingUrl}/${encodeURIComponent(tenantId)}/deployments/v2/llms/${encodeURIComponent(this.name)}`;
  }

  toJSON(): Record<string, string> {
    const tenantId = this.#core.knownTenantId;
    return tenantId ? { name: this.name, baseUrl: this.#baseFor(tenantId) } : { name: this.name };
  }
}
