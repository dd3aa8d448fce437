import { type OpenAIRequest, parseChatRequest, parseCompletionRequest } from "./openai-request.js";
import { answer, type DataCall, type DataHandler, type Served, streamAnswer } from "./serve.js";
import type { FinishReason } from "./textgen.js";

/**
 * The OpenAI-compatible routes in LoRAX's shapes (router/src/lib.rs `From` impls), quirks included:
 * `id` is "null"; completions and every stream chunk have `created: 0` and `model: "null"`; a
 * non-streamed chat answer has `object: "text_completion"`, the current time and the base model id;
 * `stop_sequence` maps to `content_filter`.
 */
const FINISH: Readonly<Record<FinishReason, string>> = {
  eos_token: "stop",
  length: "length",
  stop_sequence: "content_filter",
};

/** LoRAX's `<version>-<docker label or "native">`. */
const SYSTEM_FINGERPRINT = "0.12.1-emulator";

type Dialect = "chat" | "completion";

export const chatCompletions: DataHandler = (call) => openaiRoute(call, "chat", parseChatRequest(call.body));
export const completions: DataHandler = (call) =>
  openaiRoute(call, "completion", parseCompletionRequest(call.body));

function openaiRoute(call: DataCall, dialect: Dialect, request: OpenAIRequest) {
  if (request.stream) return chunkStream(call, dialect, request);
  return answer(call, request.generation, (served) => {
    const { text, finishReason } = served.generation;
    const finish = FINISH[finishReason];
    if (dialect === "completion") {
      return {
        id: "null",
        object: "text_completion",
        created: 0,
        model: "null",
        choices: [{ index: 0, text, logprobs: null, finish_reason: finish }],
        usage: usage(served),
      };
    }
    return {
      id: "null",
      object: "text_completion",
      created: Math.floor(call.now.t / 1000),
      model: call.deployment.base_model,
      system_fingerprint: SYSTEM_FINGERPRINT,
      choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: finish }],
      usage: usage(served),
    };
  });
}

function usage({ generation, valid }: Served) {
  const completion = generation.tokens.length;
  return {
    prompt_tokens: valid.inputTokens,
    total_tokens: valid.inputTokens + completion,
    completion_tokens: completion,
  };
}

const ZERO_USAGE = { prompt_tokens: 0, total_tokens: 0, completion_tokens: 0 };

/**
 * One chunk per generated token, then `data:[DONE]`. The last token's chunk carries the finish
 * reason and usage; when the answer ended on the EOS token (`stop`) that chunk has no text (an empty
 * delta, or `""`). Chat chunks have `usage` only on that last chunk, completion chunks on every
 * chunk (zeros until the last).
 */
function chunkStream(call: DataCall, dialect: Dialect, request: OpenAIRequest) {
  const object = dialect === "chat" ? "chat.completion.chunk" : "text_completion";
  return streamAnswer(
    call,
    request.generation,
    (served, i) => {
      const { tokens, finishReason } = served.generation;
      const last = i === tokens.length - 1;
      const finish = last ? FINISH[finishReason] : null;
      const text = finish === "stop" ? null : (tokens[i]?.text ?? "");
      if (dialect === "chat") {
        const delta = text === null ? {} : { role: "assistant", content: text };
        return JSON.stringify({
          id: "null",
          object,
          created: 0,
          model: "null",
          choices: [{ index: 0, delta, finish_reason: finish }],
          ...(last ? { usage: usage(served) } : {}),
        });
      }
      return JSON.stringify({
        id: "null",
        object,
        created: 0,
        model: "null",
        choices: [{ index: 0, text: text ?? "", logprobs: null, finish_reason: finish }],
        usage: last ? usage(served) : ZERO_USAGE,
      });
    },
    "[DONE]",
  );
}
