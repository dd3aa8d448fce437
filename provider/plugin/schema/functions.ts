import { BOOLEAN, INTEGER, NUMBER, type PropertyDoc, ref, STRING, STRINGS, TOKEN } from "./property-docs.js";
import type { ComplexTypeSpec, FunctionSpec, PropertySpec } from "./types.js";

/** The type and description of each field of the SDK's model shape (sdk/schemas/models.ts), by wire name. */
const MODEL_DOCS: Readonly<Record<string, PropertyDoc>> = {
  name: { type: STRING, output: 'The short id used as `baseModel`, e.g. "llama-3-1-8b-instruct".' },
  hf_id: { type: STRING, output: "The model's Hugging Face id." },
  parameters_billions: { type: NUMBER, output: "Size, in billions of parameters." },
  context_window: { type: INTEGER, output: "Longest context the model takes, in tokens." },
  supports_finetuning: { type: BOOLEAN, output: "Whether a FineTuningJob can train on it." },
  supported_tasks: { type: STRINGS, output: 'Fine-tuning tasks it supports, e.g. ["sft", "grpo"].' },
  adapter_types: { type: STRINGS, output: 'Adapter types it can train, e.g. ["lora", "turbo_lora"].' },
  servable: { type: BOOLEAN, output: "Whether a dedicated Deployment can serve it." },
  min_accelerator: { type: STRING, output: "The smallest accelerator it fits on." },
  min_gpu_memory_gb: { type: NUMBER, output: "GPU memory it needs, in GB." },
};

/** `hf_id` -> `hfId`: outputs are camelCase, like every resource output. */
export function camelCase(wire: string): string {
  return wire.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The model's fields, from MODEL_DOCS. test/plugin/schema.test.ts holds them to the SDK's zod shape
 * (sdk/schemas/models.ts), so a field added there must be typed here. Not read from the shape at
 * run time: the YAML host asks every plugin for its schema, and that would load zod into a plugin
 * that otherwise sends nothing (test/plugin/lazy-modules.test.ts).
 */
export function modelProperties(): Record<string, PropertySpec> {
  const out: Record<string, PropertySpec> = {};
  for (const [wire, doc] of Object.entries(MODEL_DOCS)) {
    out[camelCase(wire)] = { ...doc.type, ...(doc.output ? { description: doc.output } : {}) };
  }
  return out;
}

export function modelType(): ComplexTypeSpec {
  return {
    type: "object",
    description: "A base model Predibase supports, with what it can do.",
    properties: modelProperties(),
    required: ["name"],
  };
}

export function functionSpecs(): Record<string, FunctionSpec> {
  return {
    "predibase:index:getModels": {
      description:
        "The base models Predibase supports, with what each can do (fine-tuning, tasks, GPU it needs).",
      outputs: {
        properties: { models: { type: "array", items: ref(TOKEN.model), description: "Every base model." } },
        required: ["models"],
      },
    },
    "predibase:index:getModel": {
      description: "One base model by name; fails with the list of known names when there is none.",
      inputs: {
        properties: {
          name: { type: "string", description: 'The model\'s short id, e.g. "llama-3-1-8b-instruct".' },
        },
        required: ["name"],
      },
      outputs: { properties: modelProperties(), required: ["name"] },
    },
  };
}
