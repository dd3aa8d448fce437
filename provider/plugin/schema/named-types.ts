import { ADAPTER_TYPES, TASKS } from "../../runtime/kinds/finetuning-job.js";
import { modelType } from "./functions.js";
import { INTEGER, STRING, TOKEN } from "./property-docs.js";
import type { ComplexTypeSpec, EnumTypeSpec } from "./types.js";

/** "turbo_lora" -> TurboLora: the member name in each SDK (AdapterType.TurboLora). */
function enumValue(value: string): { value: string; name: string } {
  const name = value.replace(/(^|_)([a-z])/g, (_, _sep: string, c: string) => c.toUpperCase());
  return { value, name };
}

/** The object and enum types the resources and functions refer to. */
export function namedTypes(): Record<string, ComplexTypeSpec | EnumTypeSpec> {
  return {
    [TOKEN.timeouts]: {
      type: "object",
      description:
        'Provider-only timeouts, as durations like "90m", "2h", "45s". Changing them never touches the platform. ' +
        "A resource's customTimeouts option wins over them.",
      properties: {
        create: {
          ...STRING,
          description:
            "How long create waits for readiness before leaving the resource in state to resume later.",
        },
        delete: { ...STRING, description: "How long delete waits for the object to be gone." },
      },
    },
    [TOKEN.adapterRepoVersion]: {
      type: "object",
      description: "One trained version of an adapter repo.",
      properties: {
        tag: { ...INTEGER, description: "The version number N." },
        adapterId: { ...STRING, description: '"repo/N": what inference takes as the adapter.' },
        baseModel: { ...STRING, description: "The base model it was trained on." },
        adapterType: { ...STRING, description: "lora, turbo_lora or turbo." },
        finetuningJobId: { ...STRING, description: "The job that trained it." },
        status: { ...STRING, description: "The training status of the version." },
        createdAt: { ...STRING, description: "When it was created (ISO 8601)." },
      },
      required: ["tag"],
    },
    [TOKEN.adapterType]: {
      type: "string",
      description: "The kind of adapter a FineTuningJob trains.",
      enum: ADAPTER_TYPES.map(enumValue),
    },
    [TOKEN.task]: {
      type: "string",
      description: "What a FineTuningJob trains the adapter for.",
      enum: TASKS.map(enumValue),
    },
    [TOKEN.model]: modelType(),
  };
}
