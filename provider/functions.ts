import * as pulumi from "@pulumi/pulumi";
import type { Model, Predibase } from "../sdk/index.js";
import { clientFor, resolveSettings } from "./runtime/settings.js";

/** The program-side client, from the same settings as the resources' (runtime/settings.ts). */
function client(): Promise<Predibase> {
  return clientFor(resolveSettings((key) => pulumi.runtime.getConfig(`predibase:${key}`)));
}

/** The base models Predibase supports, with what each can do (fine-tuning, tasks, GPU it needs). */
export async function getModels(): Promise<Model[]> {
  return (await client()).models.list();
}

/** One base model by name; fails with the list of known names when there is none. */
export async function getModel(name: string): Promise<Model> {
  const models = await getModels();
  const model = models.find((m) => m.name === name);
  if (!model) {
    throw new Error(
      `unknown Predibase base model "${name}": known models are ${models.map((m) => m.name).join(", ")}`,
    );
  }
  return model;
}

export function getModelsOutput(): pulumi.Output<pulumi.Unwrap<Model[]>> {
  return pulumi.output(getModels());
}

export function getModelOutput(name: pulumi.Input<string>): pulumi.Output<Model> {
  return pulumi.output(name).apply((n) => getModel(n)) as pulumi.Output<Model>;
}
