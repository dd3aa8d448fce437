import { type KindSpec, secretInputs } from "../../runtime/kind.js";
import { adapterRepoSpec } from "../../runtime/kinds/adapter-repo.js";
import { batchInferenceJobSpec } from "../../runtime/kinds/batch-inference-job.js";
import { datasetSpec } from "../../runtime/kinds/dataset.js";
import { deploymentSpec } from "../../runtime/kinds/deployment.js";
import { finetuningJobSpec } from "../../runtime/kinds/finetuning-job.js";
import {
  adapterRepoDocs,
  batchInferenceJobDocs,
  datasetDocs,
  deploymentDocs,
  fineTuningJobDocs,
} from "./kind-docs.js";
import type { KindDocs } from "./property-docs.js";
import type { PropertySpec, ResourceSpec } from "./types.js";

/** What the schema needs of one kind beyond its runtime description. */
export interface KindSource {
  spec: KindSpec;
  docs: KindDocs;
  /** The resource class's doc comment. */
  description: string;
  /** Inputs the program must give (the Args interface's non-optional members). */
  requiredInputs: readonly string[];
  /** Inputs a front end reads that the kind description does not list (Dataset's local `file`). */
  extraInputs?: readonly string[];
  /** Fields the front end computes from other inputs, never given by the program: outputs only. */
  computedInputs?: readonly string[];
  /** The outputs the kind's `derivedOutputs()` adds. */
  derivedOutputs?: readonly string[];
}

const kind = <T extends object>(spec: KindSpec<T>): KindSpec => spec as unknown as KindSpec;

/** Every resource kind, by the last part of its token (`predibase:index:<Kind>`). */
export const KINDS: Readonly<Record<string, KindSource>> = {
  AdapterRepo: {
    spec: kind(adapterRepoSpec),
    docs: adapterRepoDocs,
    description: "An adapter repository: fine-tuning jobs add versions `name/1`, `name/2`, … to it.",
    requiredInputs: [],
    derivedOutputs: ["versions", "versionCount"],
  },
  Dataset: {
    spec: kind(datasetSpec),
    docs: datasetDocs,
    description:
      "A dataset connected to Predibase. Removing it from the stack leaves it on the platform (no delete API).",
    requiredInputs: [],
    extraInputs: ["file"],
    computedInputs: ["fileHash"],
  },
  Deployment: {
    spec: kind(deploymentSpec),
    docs: deploymentDocs,
    description:
      "A dedicated GPU deployment of a base model, serving it and its LoRA adapters. Waits until ready.",
    requiredInputs: ["baseModel"],
    derivedOutputs: ["openaiBaseUrl", "generateUrl"],
  },
  FineTuningJob: {
    spec: kind(finetuningJobSpec),
    docs: fineTuningJobDocs,
    description:
      "A fine-tuning job that trains a LoRA adapter version into a repo. Waits until training completes.",
    requiredInputs: ["baseModel", "dataset", "repo"],
    derivedOutputs: ["adapterVersion"],
  },
  BatchInferenceJob: {
    spec: kind(batchInferenceJobSpec),
    docs: batchInferenceJobDocs,
    description:
      "A batch inference job over a dataset. Waits until it completes. Never deleted (no API for it).",
    requiredInputs: ["baseModel", "dataset"],
  },
};

/** The inputs a program gives, in the kind description's order. */
export function inputNames(source: KindSource): string[] {
  const { spec } = source;
  const computed = new Set(source.computedInputs ?? []);
  return unique([
    ...(spec.named ? ["name"] : []),
    ...spec.fields.map((f) => f.input).filter((name) => !computed.has(name)),
    ...(source.extraInputs ?? []),
    ...spec.providerInputs,
  ]);
}

/**
 * The outputs, as `outputsOf` (provider/runtime/kind.ts) makes them: the documented fields of the
 * platform object, the derived ones, then the inputs only the provider keeps (provider inputs,
 * inputs the platform does not show back, a keyed hash of each secret). The hidden `autoNameSeed`
 * and `autoNamed` are left out: a front end sets them, never a program.
 */
export function outputNames(source: KindSource): string[] {
  const { spec } = source;
  const kept = spec.fields.flatMap((f) => {
    if (f.secret) return [`${f.input}Hash`];
    return f.wire === null || f.kept ? [f.input] : [];
  });
  return unique([
    ...Object.keys(spec.outputs),
    ...(source.derivedOutputs ?? []),
    ...spec.providerInputs,
    ...kept,
  ]);
}

export function resourceSpec(kindName: string, source: KindSource): ResourceSpec {
  const secrets = new Set(secretInputs(source.spec));
  const inputProperties: Record<string, PropertySpec> = {};
  for (const name of inputNames(source)) {
    const doc = docOf(kindName, source, name);
    const description = doc.input ?? doc.output;
    inputProperties[name] = {
      ...(doc.inputType ?? doc.type),
      ...(description ? { description } : {}),
      ...(secrets.has(name) ? { secret: true } : {}),
    };
  }
  const properties: Record<string, PropertySpec> = {};
  const required: string[] = [];
  for (const name of outputNames(source)) {
    const doc = docOf(kindName, source, name);
    const description = doc.output ?? doc.input;
    properties[name] = { ...doc.type, ...(description ? { description } : {}) };
    if (doc.alwaysOutput) required.push(name);
  }
  // Empty lists are left out, as the engine itself writes a schema back (`pulumi package get-schema`).
  return {
    description: source.description,
    inputProperties,
    ...(source.requiredInputs.length > 0 ? { requiredInputs: [...source.requiredInputs] } : {}),
    properties,
    ...(required.length > 0 ? { required } : {}),
  };
}

function docOf(kindName: string, source: KindSource, name: string) {
  const doc = source.docs[name];
  if (!doc) {
    // A kind description gained a property the schema cannot describe yet: fail loudly, at build
    // and in tests, rather than serve a schema that rejects a valid input.
    throw new Error(
      `package schema: ${kindName}.${name} has no type in provider/plugin/schema/kind-docs.ts: add it there`,
    );
  }
  return doc;
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
