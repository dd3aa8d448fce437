import { hashSeed, mulberry32 } from "../core/prng.js";
import { ADAPTER_WORDS, BASE_WORDS } from "./vocabulary.js";

/** One generated token as LoRAX reports it. */
export interface Token {
  id: number;
  text: string;
  logprob: number;
  special: boolean;
}

export type FinishReason = "length" | "eos_token" | "stop_sequence";

export interface GenerationInput {
  baseModel: string;
  /** Resolved adapter id (`repo/N`, or a hub/s3 id), null for the base model. */
  adapterId: string | null;
  prompt: string;
  maxTokens: number;
  stop: readonly string[];
}

export interface Generation {
  /** Every generated token, the final EOS token included when the answer ended naturally. */
  tokens: Token[];
  /** The text of the non-special tokens: the EOS token is counted but never shown. */
  text: string;
  finishReason: FinishReason;
}

/**
 * The end-of-sequence token a natural answer ends with (LoRAX streams it as the last token with
 * `special: true`; server/lorax_server/models/flash_causal_lm.py skips special tokens in the text).
 */
export const EOS_TOKEN: Readonly<Token> = { id: 2, text: "</s>", logprob: -0.0123, special: true };

// Each prompt has a "natural" answer of this many words; max tokens may cut it short.
const MIN_NATURAL = 6;
const NATURAL_SPREAD = 40;

/**
 * Deterministic text: the same (base model, adapter, prompt) always gives the same tokens. The
 * PRNG is seeded from all three, so a different adapter gives different text, and an adapter also
 * mixes in its own domain words.
 */
export function generateText(input: GenerationInput): Generation {
  const random = mulberry32(
    hashSeed(`${input.baseModel}\u0000${input.adapterId ?? ""}\u0000${input.prompt}`),
  );
  const natural = MIN_NATURAL + Math.floor(random() * NATURAL_SPREAD);
  const tokens: Token[] = [];
  // The EOS token is one more generated token: it needs room within max tokens too.
  let finishReason: FinishReason = natural + 1 > input.maxTokens ? "length" : "eos_token";
  for (let i = 0; i < Math.min(natural, input.maxTokens); i++) {
    const fromAdapter = input.adapterId !== null && (i === 0 || random() < 0.4);
    const words = fromAdapter ? ADAPTER_WORDS : BASE_WORDS;
    const word = words[Math.floor(random() * words.length)] ?? "the";
    const shown = i === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word;
    const text = `${i === 0 ? "" : " "}${shown}${i === natural - 1 ? "." : ""}`;
    tokens.push({
      id: 100 + (hashSeed(word) % 32000),
      text,
      logprob: -Math.round(random() * 25000) / 10000,
      special: false,
    });
    if (input.stop.some((s) => s !== "" && (word === s || text.trim() === s))) {
      finishReason = "stop_sequence";
      break;
    }
  }
  const text = tokens.map((t) => t.text).join("");
  if (finishReason === "eos_token") tokens.push({ ...EOS_TOKEN });
  return { tokens, text, finishReason };
}
