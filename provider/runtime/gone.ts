import { NotFoundError } from "../../sdk/errors.js";

/** Reads an object; undefined when the platform says it does not exist (refresh then drops it). */
export async function unlessGone<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}
