import { findModel } from "../catalogue/models.js";
import type { Call } from "../core/context.js";
import { ApiError } from "../core/errors.js";
import { type Reply, type StreamReply, stream } from "../http/reply.js";
import type { DeploymentRecord } from "../state/records.js";
import { type ResolvedAdapter, resolveAdapter } from "./adapter.js";
import { countWords, type Generation, generateText } from "./textgen.js";

export interface DataCall extends Call {
  readonly deployment: DeploymentRecord;
}

export type DataHandler = (call: DataCall) => Reply | Promise<Reply>;

export interface ServeRequest {
  prompt: string;
  adapterId: string | undefined;
  adapterSource: string | undefined;
  maxTokens: number;
  /** Name of the max-tokens field in this dialect, for the error message. */
  maxField: string;
  stop: readonly string[];
}

export interface Served {
  generation: Generation;
  adapter: ResolvedAdapter | null;
  headers: Record<string, string>;
}

/** Resolves the adapter, checks the context window and generates: everything routes share. */
export function serve(call: DataCall, request: ServeRequest): Served {
  const d = call.deployment;
  const contextWindow = findModel(d.base_model)?.context_window ?? 4096;
  const promptTokens = countWords(request.prompt);
  if (promptTokens + request.maxTokens > contextWindow) {
    throw new ApiError(
      422,
      "validation",
      `Input validation error: \`inputs\` tokens + \`${request.maxField}\` must be <= ${contextWindow}. Given: ${promptTokens} \`inputs\` tokens and ${request.maxTokens} \`${request.maxField}\``,
    );
  }
  const adapter = resolveAdapter(call.tenant, d, request.adapterId, request.adapterSource);
  const generation = generateText({
    baseModel: d.base_model,
    adapterId: adapter?.id ?? null,
    prompt: request.prompt,
    maxTokens: request.maxTokens,
    stop: request.stop,
  });
  const generated = generation.tokens.length;
  const headers: Record<string, string> = {
    "x-model-id": d.base_model,
    "x-compute-type": "gpu+optimized",
    "x-prompt-tokens": String(generation.promptTokens),
    "x-generated-tokens": String(generated),
    "x-total-tokens": String(generation.promptTokens + generated),
  };
  if (adapter) {
    headers["x-adapter-id"] = adapter.id;
    headers["x-adapter-source"] = adapter.source;
  }
  return { generation, adapter, headers };
}

/**
 * A streaming route: problems found before the first token (validation, unknown adapter) are
 * sent as one error event on a 200 stream, as LoRAX does, and the stream closes.
 */
export function streamOrError(build: () => StreamReply): StreamReply {
  try {
    return build();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return stream(async (send) => {
      await send(JSON.stringify(err.body()));
    });
  }
}

/** Waits the configured per-token latency between streamed tokens. */
export async function pace(call: Call): Promise<void> {
  const ms = call.core.tokenLatencyMs;
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}
