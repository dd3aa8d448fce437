import { ExtractorError, SerdeReader } from "./extract.js";
import { defaultParameters, type GenerationRequest } from "./native-request.js";

/** What the OpenAI-compatible routes need from a chat or completion body. */
export interface OpenAIRequest {
  generation: GenerationRequest;
  stream: boolean;
}

// Rust's `as u32` / `as usize` on an i32: a negative number wraps around (and then fails validation).
const unsigned = (n: number | undefined): number | undefined => (n === undefined ? undefined : n >>> 0);

/** LoRAX turns `model` into the adapter id; "" means the base model (the launch model id, too). */
const adapterOf = (model: string): string | undefined => (model === "" ? undefined : model);

/** Fields both request types share and LoRAX types the same way. */
function readShared(body: SerdeReader) {
  body.field("logit_bias", "a map");
  body.field("user", "a string");
  body.field("ignore_eos_token", "a boolean");
  body.field("api_token", "a string");
  return {
    model: body.required("model", "a string"),
    temperature: body.field("temperature", "f32"),
    topP: body.field("top_p", "f32"),
    n: body.field("n", "i32"),
    maxTokens: body.field("max_tokens", "i32"),
    stop: body.defaulted("stop", "a sequence", []),
    stream: body.field("stream", "a boolean") ?? false,
    seed: body.field("seed", "u64"),
    repetitionPenalty: body.field("repetition_penalty", "f32"),
    topK: body.field("top_k", "i32"),
    adapterSource: body.field("adapter_source", "a string"),
    presencePenalty: body.field("presence_penalty", "f32"),
    frequencyPenalty: body.field("frequency_penalty", "f32"),
  };
}

/**
 * `ChatCompletionRequest` and `try_into_generate` (router/src/lib.rs): `model` and `messages` are
 * required, any `role` string is accepted, `content` may be null, a string or a list of `text` and
 * `image_url` parts (joined with ""). Sampling is on unless `temperature` is 0, and `details` is
 * always on (the answer needs the finish reason and usage).
 */
export function parseChatRequest(raw: unknown): OpenAIRequest {
  const body = SerdeReader.of(raw, "ChatCompletionRequest");
  const shared = readShared(body);
  const messages = body.required("messages", "a sequence").map((m, i) => messageText(m, i));
  body.field("response_format", "a map");
  body.field("tools", "a sequence");
  body.field("tool_prompt", "a string");
  body.field("guideline", "a string");
  const greedy = shared.temperature === 0;
  return {
    stream: shared.stream,
    generation: {
      ...defaultParameters(messages.join("\n")),
      adapterId: adapterOf(shared.model),
      adapterSource: shared.adapterSource,
      bestOf: unsigned(shared.n),
      temperature: greedy ? undefined : shared.temperature,
      doSample: !greedy,
      repetitionPenalty: shared.repetitionPenalty,
      frequencyPenalty: shared.frequencyPenalty,
      presencePenalty: shared.presencePenalty,
      topK: shared.topK,
      topP: shared.topP,
      maxNewTokens: unsigned(shared.maxTokens),
      stop: shared.stop,
      details: true,
      seed: shared.seed,
    },
  };
}

/**
 * `CompletionRequest` and its `From` into a generate request: `prompt` must be a string (no list),
 * sampling only with `n`, `echo` is `return_full_text`, `logprobs` asks for prefill details.
 */
export function parseCompletionRequest(raw: unknown): OpenAIRequest {
  const body = SerdeReader.of(raw, "CompletionRequest");
  const shared = readShared(body);
  const prompt = body.required("prompt", "a string");
  body.field("suffix", "a string");
  const logprobs = body.field("logprobs", "i32");
  const echo = body.field("echo", "a boolean");
  const bestOf = body.field("best_of", "i32");
  return {
    stream: shared.stream,
    generation: {
      ...defaultParameters(prompt),
      adapterId: adapterOf(shared.model),
      adapterSource: shared.adapterSource,
      bestOf: unsigned(bestOf),
      temperature: shared.temperature,
      doSample: shared.n !== undefined,
      repetitionPenalty: shared.repetitionPenalty,
      frequencyPenalty: shared.frequencyPenalty,
      presencePenalty: shared.presencePenalty,
      topK: shared.topK,
      topP: shared.topP,
      maxNewTokens: unsigned(shared.maxTokens),
      returnFullText: echo ?? false,
      stop: shared.stop,
      details: true,
      decoderInputDetails: logprobs !== undefined,
      seed: shared.seed,
    },
  };
}

const CONTENT_MISMATCH = "data did not match any variant of untagged enum MessageContent";

/** One message's text as LoRAX's `TextMessage` has it (an image part becomes `![](url)`). */
function messageText(message: unknown, index: number): string {
  const m = SerdeReader.of(message, "Message", `messages[${index}]`);
  m.required("role", "a string");
  m.field("name", "a string");
  const content = m.raw("content");
  if (content === undefined || content === null) return "";
  if (typeof content === "string") return content;
  const parts = Array.isArray(content) ? content.map(partText) : undefined;
  if (parts === undefined || parts.some((p) => p === undefined)) {
    throw new ExtractorError(
      422,
      `Failed to deserialize the JSON body into the target type: messages[${index}].content: ${CONTENT_MISMATCH}`,
    );
  }
  return parts.join("");
}

function partText(part: unknown): string | undefined {
  if (typeof part !== "object" || part === null) return undefined;
  const { type, text, image_url } = part as { type?: unknown; text?: unknown; image_url?: unknown };
  if (type === "text" && typeof text === "string") return text;
  const url = (image_url as { url?: unknown } | null | undefined)?.url;
  if (type === "image_url" && typeof url === "string") return `![](${url})`;
  return undefined;
}
