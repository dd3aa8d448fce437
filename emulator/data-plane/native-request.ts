import { FieldReader } from "../validation/fields.js";
import { ADAPTER_SOURCES } from "./adapter.js";

/** LoRAX prefixes every validation message like this (status 422, error_type validation). */
export const INPUT_ERROR_PREFIX = "Input validation error: ";

export const readInput = (raw: unknown): FieldReader =>
  FieldReader.of(raw, { typeStatus: 422, prefix: INPUT_ERROR_PREFIX });

/** Default `max_new_tokens` / `max_tokens` when a request sets none (old Predibase docs: 20). */
export const DEFAULT_MAX_TOKENS = 20;

export interface GenerateRequest {
  inputs: string;
  maxNewTokens: number;
  adapterId: string | undefined;
  adapterSource: string | undefined;
  details: boolean;
  returnFullText: boolean;
  stop: string[];
  /** Only meaningful on `POST /` (LoRAX compat route). */
  stream: boolean;
}

/** A native (`/generate`, `/generate_stream`, `POST /`) request body, validated as LoRAX does. */
export function parseGenerateRequest(raw: unknown): GenerateRequest {
  const body = readInput(raw);
  const inputs = body.string("inputs", { required: true, nonEmpty: true });
  const parameters = body.value("parameters");
  if (parameters !== undefined && (typeof parameters !== "object" || Array.isArray(parameters))) {
    throw body.fail("parameters", "expected an object");
  }
  const p = readInput(parameters);
  p.number("temperature", { min: 0 });
  p.number("top_p", { above: 0, max: 1 });
  p.integer("top_k", { above: 0 });
  p.number("repetition_penalty", { above: 0 });
  return {
    inputs,
    maxNewTokens: p.integer("max_new_tokens", { above: 0 }) ?? DEFAULT_MAX_TOKENS,
    adapterId: p.string("adapter_id"),
    adapterSource: p.string("adapter_source", { oneOf: ADAPTER_SOURCES }),
    details: p.boolean("details") ?? false,
    returnFullText: p.boolean("return_full_text") ?? false,
    stop: p.stringList("stop") ?? [],
    stream: body.boolean("stream") ?? false,
  };
}
