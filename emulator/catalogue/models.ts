import { smallestFitting } from "./accelerators.js";

export type FinetuningTask = "sft" | "grpo";
export type AdapterType = "lora" | "turbo_lora";

/** A base model as `GET /v2/models` lists it. */
export interface Model {
  name: string;
  hf_id: string;
  parameters_billions: number;
  context_window: number;
  supports_finetuning: boolean;
  supported_tasks: FinetuningTask[];
  adapter_types: AdapterType[];
  servable: boolean;
  min_accelerator: string;
  min_gpu_memory_gb: number;
}

type ModelSpec = Omit<Model, "min_accelerator" | "servable"> & { servable?: boolean };

const ALL_TASKS: FinetuningTask[] = ["sft", "grpo"];
const ALL_ADAPTERS: AdapterType[] = ["lora", "turbo_lora"];

/** One catalogue row: fine-tunable with every task and adapter type unless `extra` says otherwise. */
function row(
  name: string,
  hf_id: string,
  parameters_billions: number,
  context_window: number,
  min_gpu_memory_gb: number,
  extra: Partial<ModelSpec> = {},
): ModelSpec {
  const base = { name, hf_id, parameters_billions, context_window, min_gpu_memory_gb };
  return {
    ...base,
    supports_finetuning: true,
    supported_tasks: ALL_TASKS,
    adapter_types: ALL_ADAPTERS,
    ...extra,
  };
}

const NOT_TRAINABLE = { supports_finetuning: false, supported_tasks: [], adapter_types: [] };

// Memory needs are bf16 weights plus KV-cache headroom, rounded up to what a GPU offers.
const SPECS: ModelSpec[] = [
  row("llama-3-2-1b-instruct", "meta-llama/Llama-3.2-1B-Instruct", 1.24, 131072, 16),
  row("llama-3-2-3b-instruct", "meta-llama/Llama-3.2-3B-Instruct", 3.21, 131072, 16),
  row("llama-3-1-8b-instruct", "meta-llama/Meta-Llama-3.1-8B-Instruct", 8.03, 131072, 24),
  row("llama-3-3-70b-instruct", "meta-llama/Llama-3.3-70B-Instruct", 70.6, 131072, 160, {
    supported_tasks: ["sft"],
    adapter_types: ["lora"],
  }),
  row("mistral-7b-instruct-v0-3", "mistralai/Mistral-7B-Instruct-v0.3", 7.25, 32768, 24),
  row("qwen2-5-7b-instruct", "Qwen/Qwen2.5-7B-Instruct", 7.62, 32768, 24),
  row("qwen3-8b", "Qwen/Qwen3-8B", 8.19, 32768, 24),
  row("qwen2-5-32b-instruct", "Qwen/Qwen2.5-32B-Instruct", 32.8, 32768, 80, { adapter_types: ["lora"] }),
  row("gemma-2-9b-instruct", "google/gemma-2-9b-it", 9.24, 8192, 48),
  row("phi-3-5-mini-instruct", "microsoft/Phi-3.5-mini-instruct", 3.82, 131072, 16, {
    supported_tasks: ["sft"],
  }),
  // Serve-only: an embedding model has nothing to fine-tune with LoRA on Predibase.
  row("bge-large-en-v1-5", "BAAI/bge-large-en-v1.5", 0.335, 512, 8, NOT_TRAINABLE),
  // Listed but neither servable nor trainable: no accelerator in the table holds 810 GB.
  row("llama-3-1-405b-instruct", "meta-llama/Llama-3.1-405B-Instruct", 405, 131072, 810, NOT_TRAINABLE),
];

function complete(spec: ModelSpec): Model {
  const fitting = smallestFitting(spec.min_gpu_memory_gb);
  return {
    ...spec,
    supported_tasks: [...spec.supported_tasks],
    adapter_types: [...spec.adapter_types],
    servable: spec.servable ?? fitting !== undefined,
    // Nothing fits a model that is not servable: name the largest so the field stays an id.
    min_accelerator: fitting?.id ?? "a100_80gb_200",
  };
}

export const MODELS: readonly Model[] = SPECS.map(complete);

/** Looks a model up by its short name, or by its Hugging Face id. */
export function findModel(name: string): Model | undefined {
  return MODELS.find((m) => m.name === name || m.hf_id === name);
}

/** Batch inference only runs base models of at most this many billion parameters. */
export const BATCH_MAX_PARAMETERS_BILLIONS = 16;
