import { ConflictError } from "../../sdk/errors.js";
import { NameTakenError } from "./created.js";

/**
 * Creates a named object, or with `adoptExisting` takes over one that already has the name and
 * the same settings. `pulumi import` does not reach dynamic resources, so this is how an object
 * made elsewhere comes under a stack; it is opt-in because taking over somebody's object by name
 * alone would be a surprise.
 */
export async function createOrAdopt<T>(options: {
  label: string;
  name: string;
  adopt: boolean;
  /**
   * Take back an object with the same settings even without `adoptExisting`: for kinds the API
   * cannot delete (datasets), whose object a destroyed stack necessarily left behind.
   */
  reclaimSame?: boolean;
  create: () => Promise<T>;
  get: () => Promise<T>;
  mismatches: (existing: T) => string[];
}): Promise<T> {
  try {
    return await options.create();
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    const what = `${options.label} "${options.name}"`;
    if (!options.adopt && options.reclaimSame) {
      const existing = await options.get();
      if (options.mismatches(existing).length === 0) {
        console.log(`${what} already exists with the same settings (the API cannot delete it): using it.`);
        return existing;
      }
    }
    if (!options.adopt) {
      throw new NameTakenError(
        `${what} already exists on Predibase. To manage it with this stack set \`adoptExisting: true\` ` +
          "(its settings must match), or choose another name.",
      );
    }
    const existing = await options.get();
    const differences = options.mismatches(existing);
    if (differences.length > 0) {
      throw new NameTakenError(
        `cannot adopt ${what}: ${differences.join("; ")}. Align the inputs or choose another name.`,
      );
    }
    console.log(`${what} already exists with matching settings: adopted into this stack (adoptExisting).`);
    return existing;
  }
}

/** "accelerator is a100_80gb_100 on Predibase, the program asks for a10_24gb_100" for each difference. */
export function differences(pairs: Array<[string, unknown, unknown]>): string[] {
  return pairs
    .filter(([, wanted, actual]) => wanted !== undefined && wanted !== actual)
    .map(
      ([field, wanted, actual]) =>
        `${field} is ${JSON.stringify(actual)} on Predibase, the program asks for ${JSON.stringify(wanted)}`,
    );
}
