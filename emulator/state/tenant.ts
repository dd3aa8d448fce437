import type { ConnectionRecord } from "../kinds/connections/record.js";
import { OBJECT_KINDS, type ObjectKind, type RecordsByKind } from "./records.js";

/** One tenant's namespace: every object kind keyed by name (repos, datasets, deployments) or id (jobs). */
export class TenantState {
  readonly repos = new Map<string, RecordsByKind["repos"]>();
  readonly datasets = new Map<string, RecordsByKind["datasets"]>();
  readonly deployments = new Map<string, RecordsByKind["deployments"]>();
  readonly finetuning_jobs = new Map<string, RecordsByKind["finetuning_jobs"]>();
  readonly batch_jobs = new Map<string, RecordsByKind["batch_jobs"]>();
  /** Legacy connections (docs/platform-wire.md §8), by name. Not a control-API kind. */
  readonly connections = new Map<string, ConnectionRecord>();
  /** Adapter upload tokens in flight → repo name (kept in memory only). */
  readonly uploadTokens = new Map<string, string>();

  constructor(readonly id: string) {}

  map<K extends ObjectKind>(kind: K): Map<string, RecordsByKind[K]> {
    return this[kind] as Map<string, RecordsByKind[K]>;
  }

  isEmpty(): boolean {
    return OBJECT_KINDS.every((kind) => this.map(kind).size === 0) && this.connections.size === 0;
  }

  toJSON(): { [K in ObjectKind]: RecordsByKind[K][] } & { connections: ConnectionRecord[] } {
    return {
      connections: [...this.connections.values()],
      repos: [...this.repos.values()],
      datasets: [...this.datasets.values()],
      deployments: [...this.deployments.values()],
      finetuning_jobs: [...this.finetuning_jobs.values()],
      batch_jobs: [...this.batch_jobs.values()],
    };
  }

  static fromJSON(
    id: string,
    data: Partial<{ [K in ObjectKind]: RecordsByKind[K][] } & { connections: ConnectionRecord[] }>,
  ): TenantState {
    const tenant = new TenantState(id);
    for (const r of data.repos ?? []) tenant.repos.set(r.name, r);
    for (const d of data.datasets ?? []) tenant.datasets.set(d.name, d);
    for (const d of data.deployments ?? []) tenant.deployments.set(d.name, d);
    for (const j of data.finetuning_jobs ?? []) tenant.finetuning_jobs.set(j.id, j);
    for (const j of data.batch_jobs ?? []) tenant.batch_jobs.set(j.id, j);
    for (const c of data.connections ?? []) tenant.connections.set(c.name, c);
    return tenant;
  }
}
