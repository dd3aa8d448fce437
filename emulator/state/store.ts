import type { Clock } from "../core/clock.js";
import { readJsonFile, writeAtomic } from "./persist.js";
import { TenantState } from "./tenant.js";

const FORMAT = "predibase-emulator-state";

interface StateFile {
  format: typeof FORMAT;
  version: 1;
  clock_ms: number;
  seq: number;
  tenants: Record<string, Parameters<typeof TenantState.fromJSON>[1]>;
}

/**
 * Every tenant's objects, plus persistence: when a state file is configured, any request that
 * changed something is followed by one atomic write of the whole state (with the emulated time,
 * so lifecycles resume where they were after a restart).
 */
export class Store {
  private tenants = new Map<string, TenantState>();
  private seq = 0;
  private dirty = false;

  constructor(
    private readonly clock: Clock,
    private readonly file: string | undefined,
  ) {}

  tenant(id: string): TenantState {
    let tenant = this.tenants.get(id);
    if (!tenant) {
      tenant = new TenantState(id);
      this.tenants.set(id, tenant);
    }
    return tenant;
  }

  tenantIds(): string[] {
    return [...this.tenants.keys()];
  }

  /** A counter that orders jobs created in the same emulated millisecond. */
  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  markDirty(): void {
    this.dirty = true;
  }

  clear(): void {
    this.tenants.clear();
    this.markDirty();
  }

  /** Writes the state file if anything changed since the last write. */
  flush(): void {
    if (!this.dirty || this.file === undefined) {
      this.dirty = false;
      return;
    }
    const tenants: StateFile["tenants"] = {};
    for (const [id, tenant] of this.tenants) if (!tenant.isEmpty()) tenants[id] = tenant.toJSON();
    const data: StateFile = {
      format: FORMAT,
      version: 1,
      clock_ms: this.clock.nowMs(),
      seq: this.seq,
      tenants,
    };
    writeAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
    this.dirty = false;
  }

  /** Loads the state file if there is one; returns whether anything was loaded. */
  load(): boolean {
    if (this.file === undefined) return false;
    const raw = readJsonFile(this.file);
    if (raw === undefined) return false;
    const data = raw as Partial<StateFile>;
    if (data.format !== FORMAT || typeof data.tenants !== "object" || data.tenants === null) {
      throw new Error(`${this.file} is not an emulator state file (format "${String(data.format)}")`);
    }
    this.tenants.clear();
    for (const [id, tenant] of Object.entries(data.tenants))
      this.tenants.set(id, TenantState.fromJSON(id, tenant));
    this.seq = typeof data.seq === "number" ? data.seq : 0;
    if (typeof data.clock_ms === "number") this.clock.resumeAt(data.clock_ms);
    return true;
  }
}
