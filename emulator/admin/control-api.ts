import type { ClockInfo, ClockMode } from "../core/clock.js";
import type { FailureSpec, PendingFailure } from "../failures.js";
import type { FaultInfo, FaultRule } from "../faults.js";
import type { RequestLogEntry } from "../http/request-log.js";
import type { View } from "../kinds/extra.js";
import type { ObjectKind } from "../state/records.js";

/** Objects to insert as given; `tenant` defaults to the emulator's own. */
export type SeedInput = { tenant?: string } & Partial<Record<ObjectKind, unknown[]>>;
export type TenantSnapshot = Record<ObjectKind, View[]>;
export interface StateSnapshot {
  clock: ClockInfo;
  tenants: Record<string, TenantSnapshot>;
}
export interface FailureResult extends PendingFailure {
  /** Set when the target already existed: the failure was attached to it at once. */
  attached_to: string | null;
}

/** Test-facing control of a running emulator; `/__emulator/*` exposes the same over HTTP. */
export interface EmulatorControl {
  reset(): void;
  state(): StateSnapshot;
  seed(input: SeedInput): TenantSnapshot;
  clock(): ClockInfo;
  advance(seconds: number): ClockInfo;
  setClock(options: { mode?: ClockMode; time_scale?: number }): ClockInfo;
  addFaults(rules: FaultRule[], options?: { seed?: number }): FaultInfo[];
  faults(): FaultInfo[];
  clearFaults(): void;
  addFailure(spec: FailureSpec): FailureResult;
  failures(): PendingFailure[];
  clearFailures(): void;
  requests(since?: number): RequestLogEntry[];
  clearRequests(): void;
  getObject(kind: ObjectKind, key: string, tenant?: string): View;
  patchObject(kind: ObjectKind, key: string, patch: Record<string, unknown>, tenant?: string): View;
  deleteObject(kind: ObjectKind, key: string, tenant?: string): void;
}
