// Figures 2 and 3: how late the wait notices readiness, and how many polls a wait costs, with the
// provider's own await loop (sdk pollUntil, default schedule) on an injected clock, against the
// emulator's manual clock so "ready" happens at an exact emulated moment.
import { pollUntil } from "pulumi-predibase/sdk";

/** A clock the loop drives: sleeping moves time, nothing waits for real. */
function fakeClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
}

/** Ready at `readyAtMs`: returns when the wait noticed it, and the polls it took. */
async function waitFor(readyAtMs, timeoutMs) {
  const clock = fakeClock();
  let polls = 0;
  await pollUntil({
    describe: "bench",
    fetch: async () => {
      polls++;
      return { ready: clock.now() >= readyAtMs };
    },
    condition: (o) => ({ done: o.ready, description: "" }),
    timeoutMs,
    clock,
  }).catch(() => undefined);
  return { noticedAt: clock.now(), polls };
}

export async function readinessLag(readyAts = [2_000, 10_000, 60_000, 600_000, 3_600_000]) {
  const rows = [];
  for (const t of readyAts) {
    // The worst case over where readiness falls between two polls: sample many moments near t.
    // Each moment has its own target, max(1 s, 10% of the time until ready); keep the worst share.
    let worst = 0;
    let worstShare = 0;
    for (let k = 0; k < 50; k++) {
      const at = t * (0.9 + (0.2 * k) / 50);
      const { noticedAt } = await waitFor(at, 10 * 3_600_000);
      const lag = (noticedAt - at) / 1000;
      const share = lag / Math.max(1, at / 10_000);
      if (share > worstShare) {
        worstShare = share;
        worst = lag;
      }
    }
    rows.push({ readyAfterS: t / 1000, worstLagS: worst, share: worstShare, pass: worstShare <= 1 + 1e-9 });
  }
  return rows;
}

export async function pollsPerWait(waits = [10_000, 60_000, 600_000, 3_600_000]) {
  const rows = [];
  for (const w of waits) {
    const { polls } = await waitFor(Number.POSITIVE_INFINITY, w);
    rows.push({ waitS: w / 1000, polls });
  }
  return rows;
}
