import { CLOCK_MODES } from "../core/clock.js";
import type { EmulatorCore } from "../core/context.js";
import { invalid } from "../core/errors.js";
import { toFailurePlan, validateFailure } from "../failures.js";
import type { View } from "../kinds/extra.js";
import { settleTenant } from "../lifecycle/settle.js";
import { OBJECT_KINDS, type ObjectKind } from "../state/records.js";
import type { EmulatorControl, TenantSnapshot } from "./control-api.js";
import { applyFields } from "./fields.js";
import { findRecord, parseKind, seedObject, viewOf } from "./objects.js";

/** The in-process control API; `/__emulator/*` routes call the same functions. */
export function createControl(core: EmulatorCore): EmulatorControl {
  const { clock, store } = core;
  const tenantOf = (id: string | undefined) => store.tenant(id ?? core.defaultTenant);
  /** Every control action is one atomic step: settle first, persist after. */
  const step = <T>(fn: () => T, mutates = true): T => {
    const now = clock.now();
    for (const id of store.tenantIds()) if (settleTenant(store.tenant(id), now)) store.markDirty();
    const result = fn();
    if (mutates) store.markDirty();
    store.flush();
    return result;
  };
  const snapshot = (tenantId: string): TenantSnapshot => {
    const tenant = store.tenant(tenantId);
    const now = clock.now();
    const views = (kind: ObjectKind) =>
      [...tenant.map(kind).values()]
        .map((r) => viewOf(kind, r, now))
        .filter((v): v is View => v !== undefined);
    return Object.fromEntries(OBJECT_KINDS.map((k) => [k, views(k)])) as TenantSnapshot;
  };

  return {
    reset: () =>
      step(() => {
        store.clear();
        core.faults.clear();
        core.faults.reseed();
        core.failures.clear();
        core.log.clear();
      }),
    state: () =>
      step(
        () => ({
          clock: clock.info(),
          tenants: Object.fromEntries(store.tenantIds().map((id) => [id, snapshot(id)])),
        }),
        false,
      ),
    seed: (input) =>
      step(() => {
        const tenant = tenantOf(input.tenant);
        for (const kind of OBJECT_KINDS) {
          const items = input[kind] ?? [];
          if (!Array.isArray(items)) throw invalid(`${kind}: expected a list`);
          for (const item of items) seedObject(core, tenant, kind, item, clock.now());
        }
        return snapshot(tenant.id);
      }),
    clock: () => clock.info(),
    advance: (seconds) =>
      step(() => {
        if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
          throw invalid("seconds: must be a number >= 0");
        }
        clock.advance(seconds);
        return clock.info();
      }),
    setClock: (options) =>
      step(() => {
        if (options.mode !== undefined && !CLOCK_MODES.includes(options.mode)) {
          throw invalid(`mode: must be one of ${CLOCK_MODES.join(", ")}`);
        }
        const scale = options.time_scale;
        if (scale !== undefined && (typeof scale !== "number" || !(scale > 0)))
          throw invalid("time_scale: must be > 0");
        clock.set({ mode: options.mode, timeScale: scale });
        return clock.info();
      }),
    addFaults: (rules, options) => {
      if (!Array.isArray(rules)) throw invalid("rules: expected a list of fault rules");
      if (options?.seed !== undefined) core.faults.reseed(options.seed);
      return core.faults.add(rules);
    },
    faults: () => core.faults.list(),
    clearFaults: () => core.faults.clear(),
    addFailure: (raw) =>
      step(() => {
        const spec = validateFailure(raw);
        const tenant = tenantOf(spec.tenant);
        const kind =
          spec.kind === "deployment"
            ? "deployments"
            : spec.kind === "batch_job"
              ? "batch_jobs"
              : "finetuning_jobs";
        const existing = spec.target === "*" ? undefined : tenant.map(kind).get(spec.target);
        if (existing === undefined) return { ...core.failures.add(spec), attached_to: null };
        existing.failure = toFailurePlan(spec, clock.nowMs());
        return { ...spec, id: 0, remaining: 0, attached_to: spec.target };
      }),
    failures: () => core.failures.list(),
    clearFailures: () => core.failures.clear(),
    requests: (since) => core.log.list(since),
    clearRequests: () => core.log.clear(),
    getObject: (kind, key, tenant) =>
      step(
        () => viewOf(parseKind(kind), findRecord(tenantOf(tenant), parseKind(kind), key), clock.now()) ?? {},
        false,
      ),
    patchObject: (kind, key, patch, tenant) =>
      step(() => {
        if (typeof patch !== "object" || patch === null || Array.isArray(patch))
          throw invalid("patch: expected an object");
        const record = findRecord(tenantOf(tenant), parseKind(kind), key);
        applyFields(kind, record, patch, clock.now());
        return viewOf(kind, record, clock.now()) ?? {};
      }),
    deleteObject: (kind, key, tenant) =>
      step(() => {
        findRecord(tenantOf(tenant), parseKind(kind), key);
        tenantOf(tenant).map(parseKind(kind)).delete(key);
      }),
  };
}
