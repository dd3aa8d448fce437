import { ApiError } from "../core/errors.js";
import { hashSeed } from "../core/prng.js";
import type { GenerationRequest } from "./native-request.js";

/** A deployment's token limits (LoRAX launcher `--max-total-tokens`, `--max-input-length`). */
export interface TokenLimits {
  maxTotalTokens: number;
  maxInputLength: number;
}

/** What validation settles: the effective token budget and the seed (null unless sampling). */
export interface ValidGeneration {
  inputTokens: number;
  maxNewTokens: number;
  seed: number | null;
}

// LoRAX launcher defaults: `--max-stop-sequences 10`, `--max-best-of 2`.
const MAX_STOP_SEQUENCES = 10;
const MAX_BEST_OF = 2;

/** LoRAX's `InferError::ValidationError` as it reaches the client: 422, `error_type: "validation"`. */
export const validationError = (message: string): ApiError =>
  new ApiError(422, "validation", `Input validation error: ${message}`);

/** Usage counts whitespace-separated words (the emulator's tokenizer), prompts and answers alike. */
export const countTokens = (text: string): number => text.split(/\s+/).filter((w) => w !== "").length;

/**
 * `Validation::validate` in router/src/validation.rs, checks in the same order and with the same
 * messages. Only an empty `inputs` is rejected (whitespace is a valid prompt). An omitted
 * `max_new_tokens` means "up to the context window": `max_total_tokens - input_length`.
 */
export function validateGeneration(
  request: GenerationRequest,
  limits: TokenLimits,
  streaming: boolean,
): ValidGeneration {
  const r = request;
  if (streaming && (r.bestOf ?? 1) !== 1) {
    throw validationError("`best_of` != 1 is not supported when streaming tokens");
  }
  if (streaming && r.decoderInputDetails) {
    throw validationError("`decoder_input_details` == true is not supported when streaming tokens");
  }
  const bestOf = r.bestOf ?? 1;
  if (bestOf === 0 || bestOf > MAX_BEST_OF) {
    throw validationError(`\`best_of\` must be > 0 and <= ${MAX_BEST_OF}. Given: ${bestOf}`);
  }
  const sampling =
    r.doSample ||
    r.temperature !== undefined ||
    r.topK !== undefined ||
    r.topP !== undefined ||
    r.typicalP !== undefined;
  if (bestOf > 1 && !sampling) throw validationError("you must use sampling when `best_of` is > 1");
  if ((r.temperature ?? 1) < 0) throw validationError("`temperature` must be non-negative");
  if ((r.repetitionPenalty ?? 1) <= 0)
    throw validationError("`repetition_penalty` must be strictly positive");
  if (Math.abs(r.frequencyPenalty ?? 0) > 2) {
    throw validationError("`frequency_penalty` must be >= -2.0 and <= 2.0");
  }
  if (Math.abs(r.presencePenalty ?? 0) > 2)
    throw validationError("`presence_penalty` must be >= -2.0 and <= 2.0");
  if (r.topP !== undefined && (r.topP <= 0 || r.topP > 1))
    throw validationError("`top_p` must be > 0.0 and < 1.0");
  if (r.typicalP !== undefined && (r.typicalP <= 0 || r.typicalP >= 1)) {
    throw validationError("`typical_p` must be > 0.0 and < 1.0");
  }
  if (r.topK !== undefined && r.topK <= 0) throw validationError("`top_k` must be strictly positive");
  if (r.returnKAlternatives !== undefined && r.returnKAlternatives <= 0) {
    throw validationError("`return_k_alternatives` must be strictly positive");
  }
  if (r.maxNewTokens === 0) throw validationError("`max_new_tokens` must be strictly positive");
  if (r.stop.length > MAX_STOP_SEQUENCES) {
    throw validationError(
      `\`stop\` supports up to ${MAX_STOP_SEQUENCES} stop sequences. Given: ${r.stop.length}`,
    );
  }
  if (r.seed !== undefined && bestOf > 1) throw validationError("`seed` must not be set when `best_of` > 1");
  if (r.inputs === "") throw validationError("`inputs` cannot be empty");
  const inputTokens = countTokens(r.inputs);
  const { maxTotalTokens, maxInputLength } = limits;
  if (r.maxNewTokens !== undefined && inputTokens + r.maxNewTokens > maxTotalTokens) {
    throw validationError(
      `\`inputs\` tokens + \`max_new_tokens\` must be <= ${maxTotalTokens}. Given: ${inputTokens} \`inputs\` tokens and ${r.maxNewTokens} \`max_new_tokens\``,
    );
  }
  if (inputTokens > maxInputLength) {
    throw validationError(`\`inputs\` must have less than ${maxInputLength} tokens. Given: ${inputTokens}`);
  }
  // LoRAX draws a random seed when none is given; a hash of the prompt keeps the emulator repeatable.
  const seed = sampling ? (r.seed ?? hashSeed(`seed\u0000${r.inputs}`)) : null;
  return { inputTokens, maxNewTokens: r.maxNewTokens ?? maxTotalTokens - inputTokens, seed };
}
