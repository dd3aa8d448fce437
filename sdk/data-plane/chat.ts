import type { APIClient, APIRequest, RequestOptions } from "../core/api-client.js";
import { item } from "../core/parse.js";
import { eventDecoder, type Stream } from "../core/stream.js";
import {
  type ChatCompletion,
  type ChatCompletionChunk,
  ChatCompletionChunkSchema,
  type ChatCompletionCreateParams,
  type ChatCompletionCreateParamsNonStreaming,
  type ChatCompletionCreateParamsStreaming,
  ChatCompletionSchema,
} from "../schemas/openai.js";

/** `POST {base}/v1/chat/completions`, OpenAI-compatible. */
export class ChatCompletions {
  readonly #core: APIClient;
  readonly #post: (path: string, body: unknown, opts?: RequestOptions) => Promise<APIRequest>;

  constructor(
    core: APIClient,
    post: (path: string, body: unknown, opts?: RequestOptions) => Promise<APIRequest>,
  ) {
    this.#core = core;
    this.#post = post;
  }

  /** `stream: true` gives an async iterable of chunks that ends at `[DONE]`; otherwise one completion. */
  create(body: ChatCompletionCreateParamsNonStreaming, opts?: RequestOptions): Promise<ChatCompletion>;
  create(
    body: ChatCompletionCreateParamsStreaming,
    opts?: RequestOptions,
  ): Promise<Stream<ChatCompletionChunk>>;
  create(
    body: ChatCompletionCreateParams,
    opts?: RequestOptions,
  ): Promise<ChatCompletion | Stream<ChatCompletionChunk>>;
  async create(
    body: ChatCompletionCreateParams,
    opts?: RequestOptions,
  ): Promise<ChatCompletion | Stream<ChatCompletionChunk>> {
    // LoRAX reads an empty model as "the base model"; send it explicitly rather than omit it.
    const request = await this.#post("/v1/chat/completions", { ...body, model: body.model ?? "" }, opts);
    if (body.stream) {
      return this.#core.stream(
        request,
        {
          decode: eventDecoder(ChatCompletionChunkSchema),
          completes: (chunk) =>
            chunk.choices.length > 0 && chunk.choices.every((c) => c.finish_reason != null),
        },
        opts,
      );
    }
    return this.#core.request(request, item(ChatCompletionSchema), opts);
  }
}
