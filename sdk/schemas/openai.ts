import { z } from "zod";
import { nullish } from "./common.js";

// The OpenAI-compatible routes, in LoRAX's shapes (platform-facts §6.5): e.g. a non-stream chat
// completion has `object: "text_completion"`, and ids may be the string "null". Kept loose.

export const UsageSchema = z.looseObject({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const ChatMessageSchema = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string(),
});
export type ChatMessage = z.input<typeof ChatMessageSchema>;

const ChatCompletionParamsBase = z.object({
  /** Adapter id ("repo/N"); empty or the base model's name for the base model. Default "". */
  model: z.string().optional(),
  messages: z.array(ChatMessageSchema),
  max_tokens: z.number().int().optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
});
export type ChatCompletionCreateParamsNonStreaming = z.input<typeof ChatCompletionParamsBase> & {
  stream?: false;
};
export type ChatCompletionCreateParamsStreaming = z.input<typeof ChatCompletionParamsBase> & { stream: true };
export type ChatCompletionCreateParams =
  | ChatCompletionCreateParamsNonStreaming
  | ChatCompletionCreateParamsStreaming;

export const ChatCompletionSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.looseObject({
      index: z.number().int(),
      message: z.looseObject({ role: z.string(), content: nullish(z.string()) }),
      finish_reason: nullish(z.string()),
    }),
  ),
  usage: nullish(UsageSchema),
});
export type ChatCompletion = z.infer<typeof ChatCompletionSchema>;

export const ChatCompletionChunkSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.looseObject({
      index: z.number().int(),
      delta: z.looseObject({ role: nullish(z.string()), content: nullish(z.string()) }),
      finish_reason: nullish(z.string()),
    }),
  ),
  usage: nullish(UsageSchema),
});
export type ChatCompletionChunk = z.infer<typeof ChatCompletionChunkSchema>;

const CompletionParamsBase = z.object({
  /** Adapter id ("repo/N"); empty or the base model's name for the base model. Default "". */
  model: z.string().optional(),
  prompt: z.string(),
  max_tokens: z.number().int().optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
});
export type CompletionCreateParamsNonStreaming = z.input<typeof CompletionParamsBase> & { stream?: false };
export type CompletionCreateParamsStreaming = z.input<typeof CompletionParamsBase> & { stream: true };
export type CompletionCreateParams = CompletionCreateParamsNonStreaming | CompletionCreateParamsStreaming;

/** A completion, and also one streamed completion chunk (LoRAX uses the same shape for both). */
export const CompletionSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.looseObject({
      index: z.number().int(),
      text: z.string(),
      logprobs: z.unknown().optional(),
      finish_reason: nullish(z.string()),
    }),
  ),
  usage: nullish(UsageSchema),
});
export type Completion = z.infer<typeof CompletionSchema>;
