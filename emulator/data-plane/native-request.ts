import { SerdeReader } from "./extract.js";

/**
 * One generation as LoRAX's router holds it after the body was read (`GenerateParameters` in
 * router/src/lib.rs): what every route (native, compat, OpenAI) turns its body into. Options are
 * undefined when not given; validation (validation.ts) comes later, as in LoRAX.
 */
export interface GenerationRequest {
  inputs: string;
  adapterId: string | undefined;
  adapterSource: string | undefined;
  bestOf: number | undefined;
  temperature: number | undefined;
  repetitionPenalty: number | undefined;
  frequencyPenalty: number | undefined;
  presencePenalty: number | undefined;
  topK: number | undefined;
  topP: number | undefined;
  typicalP: number | undefined;
  doSample: boolean;
  maxNewTokens: number | undefined;
  returnFullText: boolean;
  stop: string[];
  details: boolean;
  decoderInputDetails: boolean;
  returnKAlternatives: number | undefined;
  seed: number | undefined;
}

export interface NativeRequest extends GenerationRequest {
  /** `CompatGenerateRequest.stream` (the `POST /` route only; `#[serde(default)] bool`). */
  stream: boolean;
}

/** `GenerateRequest` / `CompatGenerateRequest`: `inputs` is a required string, `parameters` optional. */
export function parseNativeRequest(raw: unknown): NativeRequest {
  const body = SerdeReader.of(raw, "CompatGenerateRequest");
  const inputs = body.required("inputs", "a string");
  // `#[serde(default = "default_parameters")]` on a struct: missing is fine, null is not.
  const p = body.struct("parameters", "GenerateParameters", false);
  const stream = body.defaulted("stream", "a boolean", false);
  if (p === undefined) return { ...defaultParameters(inputs), stream };
  p.field("merged_adapters", "a map");
  p.field("api_token", "a string");
  p.field("truncate", "usize");
  p.defaulted("ignore_eos_token", "a boolean", false);
  p.defaulted("watermark", "a boolean", false);
  p.defaulted("apply_chat_template", "a boolean", false);
  p.field("response_format", "a map");
  return {
    inputs,
    adapterId: p.field("adapter_id", "a string"),
    adapterSource: p.field("adapter_source", "a string"),
    bestOf: p.field("best_of", "usize"),
    temperature: p.field("temperature", "f32"),
    repetitionPenalty: p.field("repetition_penalty", "f32"),
    frequencyPenalty: p.field("frequency_penalty", "f32"),
    presencePenalty: p.field("presence_penalty", "f32"),
    topK: p.field("top_k", "i32"),
    topP: p.field("top_p", "f32"),
    typicalP: p.field("typical_p", "f32"),
    doSample: p.defaulted("do_sample", "a boolean", false),
    maxNewTokens: p.field("max_new_tokens", "u32"),
    returnFullText: p.field("return_full_text", "a boolean") ?? false,
    stop: p.defaulted("stop", "a sequence", []),
    details: p.defaulted("details", "a boolean", false),
    decoderInputDetails: p.defaulted("decoder_input_details", "a boolean", false),
    returnKAlternatives: p.field("return_k_alternatives", "i32"),
    seed: p.field("seed", "u64"),
    stream,
  };
}

/** LoRAX's `default_parameters()`: `details` is false unless asked for. */
export function defaultParameters(inputs: string): GenerationRequest {
  return {
    inputs,
    adapterId: undefined,
    adapterSource: undefined,
    bestOf: undefined,
    temperature: undefined,
    repetitionPenalty: undefined,
    frequencyPenalty: undefined,
    presencePenalty: undefined,
    topK: undefined,
    topP: undefined,
    typicalP: undefined,
    doSample: false,
    maxNewTokens: undefined,
    returnFullText: false,
    stop: [],
    details: false,
    decoderInputDetails: false,
    returnKAlternatives: undefined,
    seed: undefined,
  };
}
