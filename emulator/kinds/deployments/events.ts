import type { Now } from "../../core/clock.js";
import { iso } from "../../core/ids.js";
import { failureTime, phaseStart, planEnd } from "../../lifecycle/phases.js";
import type { View } from "../extra.js";
import type { DeploymentRecord } from "./record.js";
import { deploymentStatus } from "./status.js";

const title = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * `GET /v1/llms/{name}/events` (docs/platform-wire.md §2 "ready-wait"): the official SDK waits
 * for an event `Ready`, and stops on `Failed` or `deploymentStatus` failed/deleted/stopped. The
 * list restarts at each update, so a waiter after a PUT sees `Ready` only once the update is done
 * (an old `Ready` would end its wait at once).
 */
export function deploymentEvents(d: DeploymentRecord, now: Now): View {
  const st = deploymentStatus(d, now);
  const events: { eventType: string; timestamp: string }[] = [];
  const add = (type: string, at: number) => {
    if (at <= now.t || now.immediate) events.push({ eventType: type, timestamp: iso(at) });
  };
  const updatedFrom = d.updated_from ?? null;
  if (updatedFrom !== null) {
    add("Updating", updatedFrom);
    if (st !== "gone" && !["updating", "errored"].includes(st.status))
      add("Ready", d.updating_until ?? updatedFrom);
  } else {
    for (const step of d.plan) {
      const at = phaseStart(d.plan, step.status, d.created_at, now);
      if (at <= now.t) add(title(step.status), at);
    }
    const failAt = failureTime(d.failure, d.plan, d.created_at, now);
    const readyAt = planEnd(d.plan, d.created_at, now);
    if (readyAt <= now.t && (failAt === null || failAt > readyAt)) add("Ready", readyAt);
  }
  if (st !== "gone" && st.status === "errored") add("Failed", st.since);
  if (d.deleted_at !== null) add("Deleting", d.deleted_at);
  const readyAt = planEnd(d.plan, d.created_at, now);
  return {
    name: d.name,
    ComputeEvents: events,
    deploymentStatus: st === "gone" ? "deleted" : st.status,
    resourceActiveTime: Math.max(0, Math.floor((now.t - readyAt) / 1000)),
  };
}
