// The provider's runtime: what the `__provider` stored in state calls into (see
// ../stable-provider.ts). `dispatch(1, kind, method, args)` is a stable contract: old state calls it.
import { handlerFor, type KindHandler } from "./kind.js";
import { adapterRepoSpec } from "./kinds/adapter-repo.js";
import { batchInferenceJobSpec } from "./kinds/batch-inference-job.js";
import { datasetSpec } from "./kinds/dataset.js";
import { deploymentSpec } from "./kinds/deployment.js";
import { finetuningJobSpec } from "./kinds/finetuning-job.js";
import { configureFromStack } from "./settings.js";

const PROTOCOL = 1;

const handlers: Record<string, KindHandler> = {
  AdapterRepo: handlerFor(adapterRepoSpec),
  Dataset: handlerFor(datasetSpec),
  Deployment: handlerFor(deploymentSpec),
  FineTuningJob: handlerFor(finetuningJobSpec),
  BatchInferenceJob: handlerFor(batchInferenceJobSpec),
};

type Method = keyof KindHandler | "configure";

export async function dispatch(
  protocol: number,
  kind: string,
  method: Method,
  args: unknown[],
): Promise<unknown> {
  if (protocol !== PROTOCOL) {
    throw new Error(
      `this stack's state was written by a pulumi-predibase with provider protocol ${protocol}; ` +
        `the installed one speaks ${PROTOCOL}: install a matching pulumi-predibase version`,
    );
  }
  if (method === "configure") {
    const req = args[0] as { config: { get(key: string): string | undefined } };
    configureFromStack(req.config);
    return undefined;
  }
  const handler = handlers[kind];
  if (!handler) throw new Error(`unknown Predibase resource kind "${kind}"`);
  const fn = handler[method] as (...a: unknown[]) => Promise<unknown>;
  return fn(...args);
}

export { UNKNOWN } from "./validate.js";
export { adapterRepoSpec, batchInferenceJobSpec, datasetSpec, deploymentSpec, finetuningJobSpec, handlers };
