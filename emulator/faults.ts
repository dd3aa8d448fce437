import { invalid } from "./core/errors.js";
import { mulberry32, type Random } from "./core/prng.js";

export type Plane = "control" | "data";
export type FaultKind = "status" | "reset" | "delay";

/**
 * A fault to inject. `path` is a regular expression matched against the path after `/v2` on the
 * control plane (`/repos/my-repo`) and against the full path on the data plane
 * (`/tenant/deployments/v2/llms/my-llm/generate`). Rules apply in the order added.
 */
export interface FaultRule {
  method?: string;
  path?: string;
  plane?: Plane;
  kind: FaultKind;
  status?: number;
  /** Seconds, sent as `Retry-After` (429 default: 1). */
  retry_after?: number;
  delay_ms?: number;
  /** Chance that a matching call is hit, rolled with the emulator's seeded PRNG. */
  probability?: number;
  /** Hit the next N matching calls, then the rule expires. */
  count?: number;
  /** Handle the request first (side effects happen), then reset / answer with the status. */
  after?: boolean;
  message?: string;
}

export interface FaultInfo extends FaultRule {
  id: number;
  remaining: number | null;
  hits: number;
}

export interface FaultDecision {
  delayMs: number;
  /** The status or reset rule that hit this call, if any. */
  fault: FaultRule | null;
}

interface ActiveRule {
  info: FaultInfo;
  regex: RegExp | undefined;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private nextId = 1;
  private random: Random;

  constructor(private seed: number) {
    this.random = mulberry32(seed);
  }

  add(rules: readonly unknown[]): FaultInfo[] {
    const validated = rules.map((raw, i) => validateRule(raw, i));
    for (const rule of validated) {
      const info: FaultInfo = { ...rule, id: this.nextId++, remaining: rule.count ?? null, hits: 0 };
      this.rules.push({ info, regex: rule.path === undefined ? undefined : new RegExp(rule.path) });
    }
    return this.list();
  }

  list(): FaultInfo[] {
    return this.rules.map((r) => ({ ...r.info }));
  }

  clear(): void {
    this.rules = [];
  }

  /** Restarts the dice: the same seed and the same calls give the same hits. */
  reseed(seed: number = this.seed): void {
    this.seed = seed;
    this.random = mulberry32(seed);
  }

  /** Decides the fate of one call: delays add up; the first status/reset rule that hits wins. */
  decide(call: { method: string; path: string; plane: Plane }): FaultDecision {
    const decision: FaultDecision = { delayMs: 0, fault: null };
    for (const rule of this.rules) {
      const r = rule.info;
      if (r.kind !== "delay" && decision.fault !== null) continue;
      if (r.plane !== undefined && r.plane !== call.plane) continue;
      if (r.method !== undefined && r.method.toUpperCase() !== call.method) continue;
      if (rule.regex !== undefined && !rule.regex.test(call.path)) continue;
      if (r.probability !== undefined && this.random() >= r.probability) continue;
      r.hits += 1;
      if (r.remaining !== null) r.remaining -= 1;
      if (r.kind === "delay") decision.delayMs += r.delay_ms ?? 0;
      else decision.fault = r;
    }
    this.rules = this.rules.filter((r) => r.info.remaining === null || r.info.remaining > 0);
    return decision;
  }
}

function validateRule(raw: unknown, index: number): FaultRule {
  const where = `rules[${index}]`;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw invalid(`${where}: must be an object`);
  const r = raw as FaultRule;
  const check = (ok: boolean, problem: string): void => {
    if (!ok) throw invalid(`${where}.${problem}`);
  };
  check(["status", "reset", "delay"].includes(r.kind), `kind: must be one of status, reset, delay`);
  check(
    r.plane === undefined || r.plane === "control" || r.plane === "data",
    "plane: must be control or data",
  );
  check(r.method === undefined || typeof r.method === "string", "method: must be a string");
  const isInt = (v: unknown, lo: number, hi: number) =>
    Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
  check(r.kind !== "status" || isInt(r.status, 400, 599), "status: required for kind status, 400-599");
  check(r.kind !== "delay" || isInt(r.delay_ms, 0, 600_000), "delay_ms: required for kind delay, 0-600000");
  check(
    r.count === undefined || isInt(r.count, 1, Number.MAX_SAFE_INTEGER),
    "count: must be an integer >= 1",
  );
  const p = r.probability;
  check(
    p === undefined || (typeof p === "number" && p >= 0 && p <= 1),
    "probability: must be between 0 and 1",
  );
  const ra = r.retry_after;
  check(ra === undefined || (typeof ra === "number" && ra >= 0), "retry_after: must be seconds >= 0");
  check(r.after === undefined || typeof r.after === "boolean", "after: must be a boolean");
  check(r.path === undefined || typeof r.path === "string", "path: must be a regular expression string");
  if (r.path !== undefined) {
    try {
      new RegExp(r.path);
    } catch (err) {
      throw invalid(`${where}.path: not a valid regular expression (${(err as Error).message})`);
    }
  }
  return { ...r, method: r.method?.toUpperCase() };
}
