import type { APIClient, APIRequest, RequestOptions } from "../core/api-client.js";
import { ignore, item } from "../core/parse.js";
import { eventDecoder, type Stream } from "../core/stream.js";
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
 */
export class DeploymentClient {
  readonly name: string;
  /** Native LoRAX routes live here (`/generate`, `/generate_stream`, `/health`). */
  readonly baseUrl: string;
  /** Base URL for OpenAI-compatible clients: `baseUrl + "/v1"`. */
  readonly openaiBaseUrl: string;
  readonly chat: { readonly completions: ChatCompletions };
  readonly completions: Completions;
  readonly #core: APIClient;

  constructor(core: APIClient, name: string, tenantId: string) {
    this.#core = core;
    this.name = name;
    this.baseUrl = `${core.config.servingUrl}/${encodeURIComponent(tenantId)}/deployments/v2/llms/${encodeURIComponent(name)}`;
    this.openaiBaseUrl = `${this.baseUrl}/v1`;
    const post = (path: string, body: unknown): APIRequest => ({
      method: "POST",
      baseUrl: this.baseUrl,
      path,
      body,
    });
    this.chat = { completions: new ChatCompletions(core, post) };
    this.completions = new Completions(core, post);
  }

  /** Generates text. Pass `parameters.details: true` for finish reason and token counts. */
  generate(body: GenerateParams, opts?: RequestOptions): Promise<GenerateResponse> {
    return this.#core.request(this.#post("/generate", body), item(GenerateResponseSchema), opts);
  }

  /**
   * Streams tokens: one event per token; the last one carries `generated_text` (and `details`).
   * An error event inside the stream is thrown from the loop as the matching APIError subclass.
   */
  generateStream(body: GenerateParams, opts?: RequestOptions): Promise<Stream<GenerateStreamEvent>> {
    return this.#core.stream(
      this.#post("/generate_stream", body),
      { decode: eventDecoder(GenerateStreamEventSchema), isLast: (event) => event.generated_text != null },
      opts,
    );
  }

  /** Resolves when the deployment answers its health route; throws the APIError otherwise (503 if not ready). */
  health(opts?: RequestOptions): Promise<void> {
    return this.#core.request({ method: "GET", baseUrl: this.baseUrl, path: "/health" }, ignore, opts);
  }

  #post(path: string, body: unknown): APIRequest {
    return { method: "POST", baseUrl: this.baseUrl, path, body };
  }

  toJSON(): Record<string, string> {
    return { name: this.name, baseUrl: this.baseUrl };
  }
}
