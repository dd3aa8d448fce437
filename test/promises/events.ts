// What a user sees of a run, as the Automation API delivers it: the engine's diagnostics (warnings
// and the provider's console lines) with the URN they are attached to.
import type { EngineEvent } from "@pulumi/pulumi/automation";

export interface Diagnostic {
  severity: string;
  urn: string;
  message: string;
}

export function diagnostics(events: EngineEvent[]): Diagnostic[] {
  return events.flatMap((e) =>
    e.diagnosticEvent
      ? [
          {
            severity: e.diagnosticEvent.severity,
            urn: e.diagnosticEvent.urn ?? "",
            message: e.diagnosticEvent.message,
          },
        ]
      : [],
  );
}

/** Warnings, whether the engine carries them as warnings or the provider printed "warning: …". */
export function warnings(events: EngineEvent[]): Diagnostic[] {
  return diagnostics(events).filter((d) => d.severity === "warning" || /(^|\n)\s*warning:/i.test(d.message));
}

/** A collector to pass as `onEvent`, and what it collected. */
export function recorder(): { events: EngineEvent[]; onEvent: (e: EngineEvent) => void } {
  const events: EngineEvent[] = [];
  return { events, onEvent: (e) => events.push(e) };
}
