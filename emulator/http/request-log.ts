import type { Plane } from "../faults.js";

/** One platform call (control or data plane; never `/__emulator`) as tests count them. */
export interface RequestLogEntry {
  seq: number;
  method: string;
  path: string;
  status: number;
  plane: Plane;
  /** Real wall-clock time the call arrived, ISO. */
  time: string;
  tenant: string | null;
  request_id: string;
  /** The injected fault that shaped the answer: "status", "reset", or null. */
  fault: string | null;
  duration_ms: number;
}

// Enough for any test; an emulator left running for days must not grow without bound.
const MAX_ENTRIES = 10_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  record(entry: Omit<RequestLogEntry, "seq">): RequestLogEntry {
    this.seq += 1;
    const full = { seq: this.seq, ...entry };
    this.entries.push(full);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return full;
  }

  /** Entries after `since` (a seq), oldest first. Seqs keep counting across `clear()`. */
  list(since = 0): RequestLogEntry[] {
    return this.entries.filter((e) => e.seq > since).map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}
