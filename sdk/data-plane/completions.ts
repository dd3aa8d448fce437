import type { APIClient, APIRequest, RequestOptions } from "../core/api-client.js";
import { item } from "../core/parse.js";
import { eventDecoder, type Stream } from "../core/stream.js";
import {
  type Completion,
  type CompletionCreateParams,
  type CompletionCreateParamsNonStreaming,
  type CompletionCreateParamsStreaming,
  CompletionSchema,
} from "../schemas/openai.js";

/** `POST {base}/v1/completions`, OpenAI-compatible. Stream chunks have the completion's shape. */
export class Completions {
  readonly #core: APIClient;
  readonly #post: (path: string, body: unknown, opts?: RequestOptions) => Promise<APIRequest>;

  constructor(
    core: APIClient,
    post: (path: string, body: unknown, opts?: RequestOptions) => Promise<APIRequest>,
  ) {
    this.#core = core;
    this.#post = post;
  }

  create(body: CompletionCreateParamsNonStreaming, opts?: RequestOptions): Promise<Completion>;
  create(body: CompletionCreateParamsStreaming, opts?: RequestOptions): Promise<Stream<Completion>>;
  create(body: CompletionCreateParams, opts?: RequestOptions): Promise<Completion | Stream<Completion>>;
  async create(
    body: CompletionCreateParams,
    opts?: RequestOptions,
  ): Promise<Completion | Stream<Completion>> {
    const request = await this.#post("/v1/completions", { ...body, model: body.model ?? "" }, opts);
    if (body.stream) {
      return this.#core.stream(
        request,
        {
          decode: eventDecoder(CompletionSchema),
          completes: (chunk) =>
            chunk.choices.length > 0 && chunk.choices.every((c) => c.finish_reason != null),
        },
        opts,
      );
    }
    return this.#core.request(request, item(CompletionSchema), opts);
  }
}
