import { findModel } from "../catalogue/models.js";
import type { Call } from "../core/context.js";
import { ApiError } from "../core/errors.js";
import { type JsonReply, json, type Reply, type StreamReply } from "../http/reply.js";
import type { DeploymentRecord } from "../state/records.js";
import { type ResolvedAdapter, resolveAdapter } from "./adapter.js";
import { keepAliveStream } from "./http-compat.js";
import type { GenerationRequest } from "./native-request.js";
import { type Generation, generateText } from "./textgen.js";
import { type TokenLimits, type ValidGeneration, validateGeneration } from "./validation.js";

export interface DataCall extends Call {
  readonly deployment: DeploymentRecord;
}

export type DataHandler = (call: DataCall) => Reply | Promise<Reply>;

export interface Served {
  request: GenerationRequest;
  valid: ValidGeneration;
  generation: Generation;
  adapter: ResolvedAdapter | null;
}

const number = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;

/**
 * The deployment's token limits: its `max_total_tokens` / `max_input_length` settings when the
 * record has them (a platform deployment's `config.maxTotalTokens`), else the model's context window.
 */
export function limitsOf(d: DeploymentRecord): TokenLimits {
  const record = d as unknown as Record<string, unknown>;
  const config = (d.extra.config ?? {}) as Record<string, unknown>;
  const total =
    number(record.max_total_tokens) ??
    number(d.extra.max_total_tokens) ??
    number(config.maxTotalTokens) ??
    findModel(d.base_model)?.context_window ??
    4096;
  const input =
    number(record.max_input_length) ?? number(d.extra.max_input_length) ?? number(config.maxInputLength);
  return { maxTotalTokens: total, maxInputLength: Math.min(input ?? total - 1, total - 1) };
}

/** Validates (422), resolves the adapter (424) and generates: everything routes share, in LoRAX's order. */
export function serve(call: DataCall, request: GenerationRequest, streaming: boolean): Served {
  const d = call.deployment;
  const valid = validateGeneration(request, limitsOf(d), streaming);
  const adapter = resolveAdapter(call.tenant, d, request.adapterId, request.adapterSource);
  const generation = generateText({
    baseModel: d.base_model,
    adapterId: adapter?.id ?? null,
    prompt: request.inputs,
    maxTokens: valid.maxNewTokens,
    stop: request.stop,
  });
  return { request, valid, generation, adapter };
}

/** The adapter headers LoRAX sets from the request's own `adapter_id` (none for the base model). */
function adapterHeaders(call: DataCall, request: GenerationRequest): Record<string, string> {
  const id = request.adapterId;
  const model = findModel(call.deployment.base_model);
  if (id === undefined || id === "" || id === call.deployment.base_model || id === model?.hf_id) return {};
  return { "x-adapter-id": id, "x-adapter-source": request.adapterSource ?? "pbase" };
}

/**
 * Headers of a non-streamed answer (router/src/server.rs `generate`). Times are the emulated
 * per-token latency, so they are consistent with each other, not wall-clock measurements.
 */
export function generateHeaders(call: DataCall, served: Served): Record<string, string> {
  const generated = served.generation.tokens.length;
  const prompt = served.valid.inputTokens;
  const inference = call.core.tokenLatencyMs * generated;
  const ms = (n: number) => String(Math.round(n));
  return {
    "x-compute-type": "gpu+optimized",
    "x-compute-time": ms(inference),
    "x-compute-characters": String([...served.request.inputs].length),
    "x-total-time": ms(inference),
    "x-prompt-tokens": String(prompt),
    "x-generated-tokens": String(generated),
    "x-skipped-tokens": "0",
    "x-total-tokens": String(prompt + generated),
    "x-validation-time": "0",
    "x-queue-time": "0",
    "x-inference-time": ms(inference),
    "x-time-per-token": ms(generated === 0 ? 0 : inference / generated),
    "x-time-to-first-token": ms(call.core.tokenLatencyMs),
    "x-time-per-output-token": ms(generated === 0 ? 0 : inference / generated),
    "x-model-id": call.deployment.base_model,
    ...adapterHeaders(call, served.request),
  };
}

/** A non-streamed answer: problems are HTTP errors (422 validation, 424 adapter). */
export function answer(
  call: DataCall,
  request: GenerationRequest,
  body: (served: Served) => unknown,
): JsonReply {
  const served = serve(call, request, false);
  return json(body(served), 200, generateHeaders(call, served));
}

/** One SSE event payload, or null to send nothing for this token. */
export type EventBuilder = (served: Served, index: number) => string | null;

/**
 * A streamed answer (router/src/server.rs `generate_stream_with_callback`): the headers go out
 * before generation starts, so validation and adapter problems arrive as one
 * `data:{"error","error_type"}` event on the 200 stream, which then closes with no end event.
 * After the last token, `end` (OpenAI's `[DONE]`) is sent if given.
 */
export function streamAnswer(
  call: DataCall,
  request: GenerationRequest,
  event: EventBuilder,
  end?: string,
): StreamReply {
  const headers = {
    "x-compute-type": "gpu+optimized",
    "x-compute-characters": String([...request.inputs].length),
    "x-accel-buffering": "no",
    ...adapterHeaders(call, request),
    "x-model-id": call.deployment.base_model,
  };
  return keepAliveStream(
    async (send) => {
      let served: Served;
      try {
        served = serve(call, request, true);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        await send(JSON.stringify(err.body()));
        return;
      }
      for (let i = 0; i < served.generation.tokens.length; i++) {
        await pace(call);
        const payload = event(served, i);
        if (payload !== null && !(await send(payload))) return;
      }
      if (end !== undefined) await send(end);
    },
    headers,
    call.core,
  );
}

/** Waits the configured per-token latency between streamed tokens. */
export async function pace(call: Call): Promise<void> {
  const ms = call.core.tokenLatencyMs;
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}
