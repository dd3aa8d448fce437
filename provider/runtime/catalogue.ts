import { ACCELERATORS, acceleratorMemoryGb } from "../../sdk/accelerators.js";
import type { Model } from "../../sdk/index.js";
import { same } from "./kind.js";
import { platform } from "./settings.js";
import type { Failures, Props } from "./validate.js";

const TTL_MS = 60_000;
let cache: { at: number; client: object; models: Promise<Model[]> } | undefined;

/**
 * The platform's base models, fetched once a minute at most (check runs once per resource), and
 * again whenever the settings, and so the client, change.
 */
export async function models(): Promise<Model[]> {
  const client = await platform();
  if (!cache || cache.client !== client || Date.now() - cache.at > TTL_MS) {
    const models = client.models.list();
    cache = { at: Date.now(), client, models };
    models.catch(() => {
      cache = undefined;
    });
  }
  return cache.models;
}

/**
 * Whether the inputs a kind checks against the model list (`keys`) are the ones it checked before,
 * for the same existing object: then the list is not read again. So a preview or `up` that changes
 * nothing calls no API, a platform briefly down does not fail it, and a model the platform later
 * retires does not fail every preview of a stack whose deployment still serves it. Create always
 * checks (validateForCreate passes no old inputs).
 */
export function checkedBefore(olds: Props, news: Props, keys: readonly string[]): boolean {
  return Object.keys(olds).length > 0 && keys.every((k) => same(olds[k], news[k]));
}

/** The model named `name`, or a failure on `property` that lists what exists. */
export async function findModel(f: Failures, property: string, name: string): Promise<Model | undefined> {
  let all: Model[];
  try {
    all = await models();
  } catch (err) {
    f.add(
      property,
      `could not read the platform's model list to check ${property}: ${(err as Error).message}`,
    );
    return undefined;
  }
  const model = all.find((m) => m.name === name);
  if (!model) {
    const names = all.map((m) => m.name).slice(0, 12);
    f.add(property, `unknown base model "${name}": use one of ${names.join(", ")} (see getModels())`);
  }
  return model;
}

/** The accelerator exists and has at least the memory the model needs. */
export function checkAccelerator(f: Failures, property: string, id: string, model: Model | undefined): void {
  const memory = acceleratorMemoryGb(id);
  if (memory === undefined) {
    f.add(property, `unknown accelerator "${id}": use one of ${Object.keys(ACCELERATORS).join(", ")}`);
    return;
  }
  const needed = model?.min_gpu_memory_gb;
  if (model && typeof needed === "number" && memory < needed) {
    const fits = Object.entries(ACCELERATORS)
      .filter(([, a]) => a.gpuMemoryGb >= needed)
      .map(([name]) => name);
    f.add(
      property,
      `accelerator "${id}" has ${memory} GB of GPU memory but ${model.name} needs ${needed} GB: ` +
        `use ${model.min_accelerator ?? fits[0]} or another of ${fits.join(", ")}`,
    );
  }
}
