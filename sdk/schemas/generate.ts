import { z } from "zod";
import { nullish } from "./common.js";

/** LoRAX generation parameters; the common ones are typed, any other LoRAX parameter passes through. */
export const GenerateParametersSchema = z.looseObject({
  max_new_tokens: z.number().int().optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  top_k: z.number().int().optional(),
  repetition_penalty: z.number().optional(),
  do_sample: z.boolean().optional(),
  seed: z.number().int().optional(),
  stop: z.array(z.string()).optional(),
  return_full_text: z.boolean().optional(),
  /** Adapter to apply, e.g. `my-repo/1`. */
  adapter_id: z.string().optional(),
  /** Where the adapter comes from; the platform default is `pbase`. */
  adapter_source: z.enum(["pbase", "hub", "s3", "local"]).optional(),
  /** Ask for `details` (finish reason, token counts) in the response. */
  details: z.boolean().optional(),
});
export type GenerateParameters = z.input<typeof GenerateParametersSchema>;

export const GenerateParamsSchema = z.object({
  inputs: z.string(),
  parameters: GenerateParametersSchema.optional(),
});
export type GenerateParams = z.input<typeof GenerateParamsSchema>;

/** An alternative LoRAX considered for a token (`return_k_alternatives`). */
export const AlternativeTokenSchema = z.object({
  id: z.number().int(),
  text: z.string(),
  logprob: nullish(z.number()),
});

/**
 * One generated token (LoRAX `Token`). A natural end is a last token with `special: true` (the EOS
 * token, e.g. `</s>`): counted in `generated_tokens`, never part of `generated_text`. A plain
 * object schema, not a loose one: it is checked once per streamed token, and zod compiles plain
 * object schemas into a fast path that loose ones do not get.
 */
export const GeneratedTokenSchema = z.object({
  id: z.number().int(),
  text: z.string(),
  logprob: nullish(z.number()),
  special: z.boolean().optional(),
  alternative_tokens: z.array(AlternativeTokenSchema).optional(),
  skipped: z.boolean().optional(),
});
export type GeneratedToken = z.infer<typeof GeneratedTokenSchema>;

export const GenerateDetailsSchema = z.looseObject({
  finish_reason: z.string(),
  prompt_tokens: nullish(z.number().int()),
  generated_tokens: z.number().int(),
  seed: nullish(z.number()),
  tokens: z.array(GeneratedTokenSchema).optional(),
});
export type GenerateDetails = z.infer<typeof GenerateDetailsSchema>;

/** `/generate`: `details` only when `parameters.details` was true. */
export const GenerateResponseSchema = z.looseObject({
  generated_text: z.string(),
  details: nullish(GenerateDetailsSchema),
});
export type GenerateResponse = z.infer<typeof GenerateResponseSchema>;

/**
 * One `/generate_stream` event; the last one carries `generated_text`, and `details` only when
 * `parameters.details` was true (`null` otherwise).
 */
export const GenerateStreamEventSchema = z.object({
  token: GeneratedTokenSchema,
  generated_text: nullish(z.string()),
  details: nullish(GenerateDetailsSchema),
});
export type GenerateStreamEvent = z.infer<typeof GenerateStreamEventSchema>;
