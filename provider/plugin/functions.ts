import type { Model } from "../../sdk/index.js";
import { platform } from "../runtime/settings.js";
import type { Props } from "../runtime/validate.js";
import { PACKAGE } from "./kinds.js";
import { camelCase } from "./schema/functions.js";

/** A model as the schema's `predibase:index:Model` has it: the SDK's fields, camelCase. */
export function modelOutputs(model: Model): Props {
  const out: Props = {};
  for (const [key, value] of Object.entries(model)) {
    if (value === undefined || value === null) continue;
    out[camelCase(key)] = value;
  }
  return out;
}

/** `predibase:index:getModels` and `predibase:index:getModel`, as the dynamic package's functions. */
export async function invokeFunction(
  token: string,
  args: Props,
): Promise<{ outputs: Props; failures: Array<{ property: string; reason: string }> }> {
  if (token === `${PACKAGE}:index:getModels`) {
    const models = await (await platform()).models.list();
    return { outputs: { models: models.map(modelOutputs) }, failures: [] };
  }
  if (token === `${PACKAGE}:index:getModel`) {
    const name = args.name;
    if (typeof name !== "string" || name === "") {
      return {
        outputs: {},
        failures: [{ property: "name", reason: "getModel needs name: a base model's name" }],
      };
    }
    const models = await (await platform()).models.list();
    const model = models.find((m) => m.name === name);
    if (!model) {
      return {
        outputs: {},
        failures: [
          {
            property: "name",
            reason: `unknown Predibase base model "${name}": known models are ${models.map((m) => m.name).join(", ")}`,
          },
        ],
      };
    }
    return { outputs: modelOutputs(model), failures: [] };
  }
  throw new Error(
    `unknown function "${token}": ${PACKAGE} has ${PACKAGE}:index:getModels and ${PACKAGE}:index:getModel`,
  );
}
