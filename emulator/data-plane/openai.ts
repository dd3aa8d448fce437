import { json, type StreamReply, stream } from "../http/reply.js";
import { type OpenAIRequest, parseChatRequest, parseCompletionRequest } from "./openai-request.js";
import { type DataCall, type DataHandler, pace, type Served, serve, streamOrError } from "./serve.js";
import type { FinishReason } from "./textgen.js";

/**
 * The OpenAI-compatible routes in LoRAX's shapes (quirks included: `id` is "null", a non-stream
 * chat answer has `object: "text_completion"`, `stop_sequence` maps to `content_filter`).
 */
const FINISH: Readonly<Record<FinishReason, string>> = {
  eos_token: "stop",
  length: "length",
  stop_sequence: "content_filter",
};

type Dialect = "chat" | "completion";

export const chatCompletions: DataHandler = (call) => openaiRoute(call, "chat", parseChatRequest);
export const completions: DataHandler = (call) => openaiRoute(call, "completion", parseCompletionRequest);

function openaiRoute(call: DataCall, dialect: Dialect, parse: (raw: unknown) => OpenAIRequest) {
  if ((call.body as { stream?: unknown } | undefined)?.stream === true) {
    return streamOrError(() => chunkStream(call, dialect, parse(call.body)));
  }
  const request = parse(call.body);
  const served = serveOpenAI(call, request);
  const { generation } = served;
  const choice =
    dialect === "chat"
      ? {
          index: 0,
          message: { role: "assistant", content: generation.text },
          finish_reason: FINISH[generation.finishReason],
        }
      : { index: 0, text: generation.text, logprobs: null, finish_reason: FINISH[generation.finishReason] };
  const body = { ...envelope(call, served, "text_completion"), choices: [choice], usage: usage(served) };
  return json(
    dialect === "chat" ? { ...body, system_fingerprint: "0.12.1-emulator" } : body,
    200,
    served.headers,
  );
}

function serveOpenAI(call: DataCall, request: OpenAIRequest): Served {
  return serve(call, {
    prompt: request.prompt,
    adapterId: request.model,
    adapterSource: request.adapterSource,
    maxTokens: request.maxTokens,
    maxField: "max_tokens",
    stop: request.stop,
  });
}

function envelope(call: DataCall, served: Served, object: string) {
  const model = served.adapter?.id ?? call.deployment.base_model;
  return { id: "null", object, created: Math.floor(call.now.t / 1000), model };
}

function usage({ generation }: Served) {
  const completion = generation.tokens.length;
  return {
    prompt_tokens: generation.promptTokens,
    completion_tokens: completion,
    total_tokens: generation.promptTokens + completion,
  };
}

/**
 * One chunk per token, then `data:[DONE]`. On `stop` an extra final chunk with empty text carries
 * the finish reason (the eos token); on `length` the last token's chunk carries it. Chat chunks
 * have `usage` only on the final chunk, completion chunks on every chunk (zeros until the last).
 */
function chunkStream(call: DataCall, dialect: Dialect, request: OpenAIRequest): StreamReply {
  const served = serveOpenAI(call, request);
  const { tokens, finishReason } = served.generation;
  const finish = FINISH[finishReason];
  const object = dialect === "chat" ? "chat.completion.chunk" : "text_completion";
  const zero = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  const chunk = (text: string | null, finishReason: string | null) => {
    const choice =
      dialect === "chat"
        ? {
            index: 0,
            delta: text === null ? {} : { role: "assistant", content: text },
            finish_reason: finishReason,
          }
        : { index: 0, text: text ?? "", logprobs: null, finish_reason: finishReason };
    const final = finishReason !== null;
    const usageField = final ? { usage: usage(served) } : dialect === "completion" ? { usage: zero } : {};
    return JSON.stringify({ ...envelope(call, served, object), choices: [choice], ...usageField });
  };
  const events = tokens.map(
    (t, i) => () => chunk(t.text, finish !== "stop" && i === tokens.length - 1 ? finish : null),
  );
  if (finish === "stop") events.push(() => chunk(null, finish));
  return stream(async (send) => {
    for (const event of events) {
      await pace(call);
      if (!(await send(event()))) return;
    }
    await send("[DONE]");
  }, served.headers);
}
