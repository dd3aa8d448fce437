// Random faults on every control-plane call through a whole lifecycle (up, refresh, a no-op
// preview, destroy), three seeds. A step may fail when one call's faults outlast the retry budget;
// then the user's answer, running it again, must converge. After every step the platform and the
// state agree, and nothing is ever created twice.

import { afterAll, describe, expect, it } from "vitest";
import type { FaultRule } from "../../emulator/index.js";
import { isClean, rowsOf } from "./harness.js";
import { destroy, preview, refresh, scenario, up } from "./scenario.js";

const table = rowsOf(__filename);

// Rolled in order for each call: about a quarter of all calls hit, a third of those after the
// platform handled the call (its answer lost).
const CHAOS: FaultRule[] = [
  { plane: "control", kind: "status", status: 503, probability: 0.07 },
  { plane: "control", kind: "status", status: 500, probability: 0.03 },
  { plane: "control", kind: "status", status: 429, retry_after: 1, probability: 0.04 },
  { plane: "control", kind: "reset", probability: 0.04 },
  { plane: "control", kind: "reset", after: true, probability: 0.05 },
  { plane: "control", kind: "status", status: 502, after: true, probability: 0.04 },
];

describe("random faults at every phase", () => {
  afterAll(() => {
    const all = table.finish();
    if (all) expect(all.filter((r) => !isClean(r))).toEqual([]);
  });

  it.each([11, 23, 47])("seed %i: converges, no duplicate, no orphan", async (seed) => {
    const { row, detail, errors, struck } = await scenario(
      `chaos: ~25% of calls faulted, seed ${seed}`,
      [
        { faults: CHAOS, run: up, reruns: 2 },
        { faults: CHAOS, run: refresh, reruns: 2 },
        {
          faults: CHAOS,
          run: preview,
          reruns: 2,
          after: ({ text, failed }) => {
            if (!failed) expect(text).not.toMatch(/to create|to delete|to replace|to update/);
          },
        },
        { faults: CHAOS, run: destroy, reruns: 2, destroys: true },
      ],
      { seed },
    );
    table.add(row);
    expect(struck).toBeGreaterThan(3);
    expect(row.faults.unfired).toEqual([]);
    expect({ ...row, detail, errors }).toMatchObject({
      converged: true,
      duplicates: 0,
      orphans: 0,
      leaks: 0,
      detail: [],
    });
  });
});
