import type { KindSpec } from "./kind.js";
import { Failures, isUnknown, type Props } from "./validate.js";

/**
 * At create every input is known, so the checks skipped at preview run now; a failure stops before
 * anything is created on the platform.
 */
export async function validateForCreate(spec: KindSpec, inputs: Props): Promise<void> {
  const unknown = Object.entries(inputs).filter(([k, v]) => k !== "__provider" && isUnknown(v));
  const f = new Failures();
  for (const [key] of unknown) f.add(key, `${key} is still unknown at create`);
  await spec.validate(inputs, f, {});
  if (!f.empty) {
    const lines = f.list.map((x) => `  ${x.property}: ${x.reason}`).join("\n");
    throw new Error(`invalid ${spec.label} inputs:\n${lines}`);
  }
}
