import { callContext } from "./call-context.js";

/**
 * Progress lines while a wait runs. The dynamic-provider host's console output reaches the user as
 * diagnostics, so each line names the resource; a line is printed when the state changes, and
 * otherwise at most every `quietMs`, so a long training does not flood the console.
 */
export class ProgressLog {
  #lastLine = "";
  #lastAt = 0;
  constructor(
    private readonly resource: string,
    private readonly quietMs = 60_000,
    private readonly print: (line: string) => void = callContext()?.progress ?? ((line) => console.log(line)),
  ) {}

  update(description: string, elapsedMs: number): void {
    const now = Date.now();
    if (description === this.#lastLine && now - this.#lastAt < this.quietMs) return;
    this.#lastLine = description;
    this.#lastAt = now;
    this.print(`${this.resource}: ${description} (${formatElapsed(elapsedMs)} elapsed)`);
  }

  done(description: string, elapsedMs: number): void {
    this.print(`${this.resource}: ${description} after ${formatElapsed(elapsedMs)}`);
  }
}

export function formatElapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
