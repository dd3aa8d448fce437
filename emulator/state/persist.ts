import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Writes the whole file or nothing: a crash mid-write leaves the previous state intact, because
 * the rename that replaces it is atomic on one filesystem.
 */
export function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** The parsed file, or undefined when there is none yet. A corrupt file is an error, not a reset. */
export function readJsonFile(file: string): unknown {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, "utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(
      `emulator state file ${file} is not valid JSON (${(err as Error).message}); move it away`,
    );
  }
}
