/**
 * Emulated time. Lifecycles are computed from it on every read, so moving it is the only way
 * anything "happens": no timers run in the background.
 *
 * - `scaled`: emulated time runs `timeScale` times faster than real time.
 * - `manual`: time stands still until `advance(seconds)`.
 * - `immediate`: time runs like `scaled`, but every lifecycle is read as already finished.
 */
export type ClockMode = "scaled" | "manual" | "immediate";

export const CLOCK_MODES: readonly ClockMode[] = ["scaled", "manual", "immediate"];

/** What a lifecycle computation needs to know about "now". */
export interface Now {
  /** Emulated epoch milliseconds. */
  t: number;
  /** True in `immediate` mode: every transition takes no time. */
  immediate: boolean;
}

export interface ClockInfo {
  mode: ClockMode;
  time_scale: number;
  now: string;
  now_ms: number;
}

export class Clock {
  private anchorEmulated: number;
  private anchorReal: number;

  constructor(
    private currentMode: ClockMode,
    private scale: number,
    startMs: number = Date.now(),
    private readonly realNow: () => number = Date.now,
  ) {
    this.anchorEmulated = startMs;
    this.anchorReal = realNow();
  }

  get mode(): ClockMode {
    return this.currentMode;
  }

  get timeScale(): number {
    return this.scale;
  }

  /** Emulated epoch milliseconds. */
  nowMs(): number {
    if (this.currentMode === "manual") return this.anchorEmulated;
    return Math.floor(this.anchorEmulated + (this.realNow() - this.anchorReal) * this.scale);
  }

  now(): Now {
    return { t: this.nowMs(), immediate: this.currentMode === "immediate" };
  }

  advance(seconds: number): void {
    this.reanchor();
    this.anchorEmulated += Math.round(seconds * 1000);
  }

  /** Changing mode or scale keeps the current emulated instant: time never jumps or reverses. */
  set(options: { mode?: ClockMode | undefined; timeScale?: number | undefined }): void {
    this.reanchor();
    if (options.mode !== undefined) this.currentMode = options.mode;
    if (options.timeScale !== undefined) this.scale = options.timeScale;
  }

  /** Restarts from a persisted instant, never earlier than real time. */
  resumeAt(emulatedMs: number): void {
    this.anchorEmulated = Math.max(emulatedMs, this.realNow());
    this.anchorReal = this.realNow();
  }

  info(): ClockInfo {
    const nowMs = this.nowMs();
    return {
      mode: this.currentMode,
      time_scale: this.scale,
      now: new Date(nowMs).toISOString(),
      now_ms: nowMs,
    };
  }

  private reanchor(): void {
    this.anchorEmulated = this.nowMs();
    this.anchorReal = this.realNow();
  }
}
