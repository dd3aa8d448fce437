import { json, type Reply, stream } from "../http/reply.js";
import { type GenerateRequest, parseGenerateRequest } from "./native-request.js";
import { type DataCall, type DataHandler, pace, type Served, serve, streamOrError } from "./serve.js";

/** LoRAX's native routes: `/generate`, `/generate_stream` and the compat `POST /`. */
export const generate: DataHandler = (call) => {
  const request = parseGenerateRequest(call.body);
  const served = serveNative(call, request);
  return json(generateResponse(request, served), 200, served.headers);
};

export const generateStream: DataHandler = (call) => streamOrError(() => tokenStream(call, call.body));

/** The LoRAX Python client posts to the base URL: a JSON array, or SSE when `stream` is true. */
export const compat: DataHandler = (call) => {
  const raw = call.body as { stream?: unknown } | undefined;
  if (raw?.stream === true) return streamOrError(() => tokenStream(call, raw));
  const request = parseGenerateRequest(raw);
  const served = serveNative(call, request);
  return json([generateResponse(request, served)], 200, served.headers);
};

function serveNative(call: DataCall, request: GenerateRequest): Served {
  return serve(call, {
    prompt: request.inputs,
    adapterId: request.adapterId,
    adapterSource: request.adapterSource,
    maxTokens: request.maxNewTokens,
    maxField: "max_new_tokens",
    stop: request.stop,
  });
}

const fullText = (request: GenerateRequest, text: string): string =>
  request.returnFullText ? request.inputs + text : text;

function streamDetails({ generation }: Served) {
  return {
    finish_reason: generation.finishReason,
    prompt_tokens: generation.promptTokens,
    generated_tokens: generation.tokens.length,
    seed: null,
  };
}

function generateResponse(request: GenerateRequest, served: Served): Record<string, unknown> {
  const text = fullText(request, served.generation.text);
  if (!request.details) return { generated_text: text };
  const tokens = served.generation.tokens.map((t) => ({ ...t, skipped: false }));
  return {
    generated_text: text,
    details: { ...streamDetails(served), skipped_tokens: 0, prefill: [], tokens },
  };
}

/** One event per token; the last also carries the whole text and the details. No `[DONE]`. */
function tokenStream(call: DataCall, raw: unknown): Reply & { kind: "stream" } {
  const request = parseGenerateRequest(raw);
  const served = serveNative(call, request);
  const tokens = served.generation.tokens;
  return stream(async (send) => {
    for (const [i, token] of tokens.entries()) {
      await pace(call);
      const last = i === tokens.length - 1;
      const event = {
        token: { ...token, skipped: false },
        generated_text: last ? fullText(request, served.generation.text) : null,
        details: last ? streamDetails(served) : null,
      };
      if (!(await send(JSON.stringify(event)))) return;
    }
  }, served.headers);
}
