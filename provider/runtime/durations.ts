import { callContext } from "./call-context.js";
import { type Failures, isUnknown, type Props } from "./validate.js";

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Longer waits than this are almost certainly a typo ("600h" for "600m"). */
const MAX_TIMEOUT_MS = 7 * 86_400_000;

/** Parses "90m", "1h30m", "45s", "2d" into milliseconds; undefined when it is not such a text. */
export function parseDuration(text: string): number | undefined {
  const parts = text.trim().match(/^(\d+(?:\.\d+)?[smhd])+$/)
    ? text.trim().match(/\d+(?:\.\d+)?[smhd]/g)
    : null;
  if (!parts) return undefined;
  return parts.reduce((ms, part) => ms + Number.parseFloat(part) * (UNITS[part.slice(-1)] ?? 0), 0);
}

export interface Timeouts {
  create?: string;
  delete?: string;
}

/** Validates `timeouts: { create?, delete? }` (provider-only input; no platform call depends on it). */
export function checkTimeouts(f: Failures, props: Props): void {
  const value = props.timeouts;
  if (value === undefined || isUnknown(value)) return;
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    f.add("timeouts", 'timeouts must be an object such as { create: "90m", delete: "20m" }');
    return;
  }
  for (const [key, text] of Object.entries(value)) {
    if (key !== "create" && key !== "delete") {
      f.add(`timeouts.${key}`, `unknown timeout "${key}": only "create" and "delete" exist`);
      continue;
    }
    if (isUnknown(text)) continue;
    const ms = typeof text === "string" ? parseDuration(text) : undefined;
    if (ms === undefined || ms <= 0) {
      f.add(
        `timeouts.${key}`,
        `${JSON.stringify(text)} is not a positive duration: write it like "90m", "2h" or "45s"`,
      );
    } else if (ms > MAX_TIMEOUT_MS) {
      f.add(`timeouts.${key}`, `${JSON.stringify(text)} is longer than 7 days: use a shorter timeout`);
    }
  }
}

/**
 * The timeout to use: the engine's for this step when it gives one (a native plugin's
 * `customTimeouts`), else the `timeouts` input, else the kind's default.
 */
export function timeoutMs(props: Props, which: "create" | "delete", defaultMs: number): number {
  const fromEngine = callContext()?.timeoutMs;
  if (fromEngine && fromEngine > 0) return fromEngine;
  const timeouts = props.timeouts as Timeouts | undefined;
  const text = timeouts?.[which];
  return (text && parseDuration(text)) || defaultMs;
}
