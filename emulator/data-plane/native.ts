import { type NativeRequest, parseNativeRequest } from "./native-request.js";
import { answer, type DataHandler, type Served, streamAnswer } from "./serve.js";

/** LoRAX's native routes: `/generate`, `/generate_stream` and the compat `POST /` (router/src/server.rs). */
export const generate: DataHandler = (call) => {
  const request = parseNativeRequest(call.body);
  return answer(call, request, (served) => generateResponse(request, served));
};

export const generateStream: DataHandler = (call) => tokenStream(call, parseNativeRequest(call.body));

/**
 * `compat_generate`: what the LoRAX Python client posts to the base URL. A JSON array of one
 * answer, or the `/generate_stream` SSE when `stream` is true.
 */
export const compat: DataHandler = (call) => {
  const request = parseNativeRequest(call.body);
  if (request.stream) return tokenStream(call, request);
  return answer(call, request, (served) => [generateResponse(request, served)]);
};

const fullText = (request: NativeRequest, text: string): string =>
  request.returnFullText ? request.inputs + text : text;

/** `StreamDetails`: what the final stream event carries when `details` was asked for. */
function streamDetails({ generation, valid }: Served) {
  return {
    finish_reason: generation.finishReason,
    prompt_tokens: valid.inputTokens,
    generated_tokens: generation.tokens.length,
    seed: valid.seed,
  };
}

/** `GenerateResponse`: the `details` key is left out unless asked for. */
function generateResponse(request: NativeRequest, served: Served): Record<string, unknown> {
  const text = fullText(request, served.generation.text);
  if (!request.details) return { generated_text: text };
  const tokens = served.generation.tokens.map((t) => ({ ...t, skipped: false }));
  return {
    generated_text: text,
    details: { ...streamDetails(served), skipped_tokens: 0, prefill: [], tokens },
  };
}

/**
 * One event per token; the last (the EOS token when the answer ended naturally) also carries the
 * whole text and, only when asked for, the details (`details: null` otherwise). No `[DONE]`.
 */
function tokenStream(call: Parameters<DataHandler>[0], request: NativeRequest) {
  return streamAnswer(call, request, (served, i) => {
    const last = i === served.generation.tokens.length - 1;
    const token = served.generation.tokens[i];
    return JSON.stringify({
      token: { ...token, skipped: false },
      generated_text: last ? fullText(request, served.generation.text) : null,
      details: last && request.details ? streamDetails(served) : null,
    });
  });
}
