import type { FieldReader } from "../../validation/fields.js";

/**
 * `params` of a platform job create: snake_case keys (docs/platform-wire.md §4 "params keys"; the
 * only camelCase ones are `rewardFns`/`encodedFn`). An unknown key is a 400 naming it, which
 * catches a client that camelCases the whole object.
 */
const KNOWN = [
  "base_model",
  "adapter",
  "task",
  "epochs",
  "train_steps",
  "rank",
  "learning_rate",
  "lora_alpha",
  "lora_dropout",
  "warmup_ratio",
  "effective_batch_size",
  "target_modules",
  "enable_early_stopping",
  "apply_chat_template",
  "lr_scheduler",
  "optimizer",
  "beta",
  "num_generations",
  "sampling_params",
  "rewardFns",
] as const;

export const ADAPTERS = ["lora", "turbo_lora", "turbo"] as const;
export const TASKS = ["sft", "continued_pretraining", "grpo"] as const;

/** Type- and range-checks `params`; returns the non-null keys as given. */
export function readParams(params: FieldReader): Record<string, unknown> {
  params.onlyKeys(KNOWN);
  params.string("base_model");
  params.string("adapter", { oneOf: ADAPTERS });
  params.string("task", { oneOf: TASKS });
  for (const key of [
    "epochs",
    "train_steps",
    "rank",
    "lora_alpha",
    "effective_batch_size",
    "num_generations",
  ]) {
    params.integer(key, { min: 1 });
  }
  params.number("learning_rate", { above: 0 });
  params.number("beta", { min: 0 });
  params.number("lora_dropout", { min: 0, max: 1 });
  params.number("warmup_ratio", { min: 0, max: 1 });
  params.strings("target_modules");
  params.boolean("enable_early_stopping");
  params.boolean("apply_chat_template");
  for (const key of ["lr_scheduler", "optimizer", "sampling_params", "rewardFns"]) params.object(key);
  return Object.fromEntries(Object.entries(params.toObject()).filter(([, v]) => v !== null));
}
