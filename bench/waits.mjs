// Figures 2 and 3: how late a wait notices readiness, and how many polls a wait costs. The trade-off
// rows (`scheduleTradeoff`) are simulations: poll moments on a fake clock, no emulator. The wait is
// the one the provider runs (the SDK's pollUntil with its default schedule, here through
// `deployments.waitUntilReady`, which polls GET /deployments/{name} with the same condition), against
// the emulator: at real time for short waits, and on the emulator's manual clock for long ones,
// driven by an injected wait clock (each sleep advances the emulator by as much).
import { startEmulator } from "pulumi-predibase/emulator";
import { Predibase, pollUntil, WaitTimeoutError } from "pulumi-predibase/sdk";
import { nowMs } from "./stacks.mjs";

const MODEL = "llama-3-2-1b-instruct";
/** Target 2: a wait may notice readiness at most max(1 s, 10% of the time to readiness) late. */
const allowanceMs = (readyAtMs) => Math.max(1000, 0.1 * readyAtMs);

const clientFor = (emu) =>
  new Predibase({
    apiToken: emu.apiToken,
    apiUrl: emu.apiUrl,
    servingUrl: emu.servingUrl,
    tenantId: emu.tenantId,
  });

/** A wait clock whose sleeps move the emulator's manual clock: nothing waits for real. */
function emulatorClock(emu) {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      const before = Math.round(now);
      now += ms;
      const step = Math.round(now) - before;
      if (step > 0) emu.control.advance(step / 1000);
    },
  };
}

/**
 * Waits that start `readyAtMs` before the deployment turns ready (emulated time), one per moment;
 * returns for each how late the wait returned.
 */
async function emulatedLags(readyAts) {
  // Every deployment takes D emulated seconds to be ready; a wait starts D - readyAt into it.
  const totalS = Math.ceil((2 * Math.max(...readyAts)) / 1000);
  const emu = await startEmulator({
    clock: "manual",
    durations: { deployment_pending: totalS / 2, deployment_initializing: totalS / 2 },
  });
  const client = clientFor(emu);
  try {
    const lags = [];
    for (const [i, at] of readyAts.entries()) {
      const name = `wait-${i}`;
      await client.deployments.create({ name, base_model: MODEL });
      emu.control.advance((totalS * 1000 - at) / 1000);
      const clock = emulatorClock(emu);
      await client.deployments.waitUntilReady(name, { clock, timeoutMs: 10 * 3600_000 });
      lags.push({ readyAtMs: at, lagMs: clock.now() - at });
    }
    return lags;
  } finally {
    await client.close();
    await emu.close();
  }
}

/**
 * Figure 2 on the emulated clock: for each wait length, 50 moments spread over ±10% of it (where
 * readiness falls between two polls decides the lag); the worst share of each moment's allowance.
 */
export async function readinessLagEmulated(
  waits = [2_000, 10_000, 60_000, 600_000, 3_600_000],
  samples = 50,
) {
  const rows = [];
  for (const t of waits) {
    const ats = Array.from({ length: samples }, (_, k) => Math.round(t * (0.9 + (0.2 * k) / samples)));
    const lags = await emulatedLags(ats);
    const worst = lags.reduce((w, l) =>
      l.lagMs / allowanceMs(l.readyAtMs) > w.lagMs / allowanceMs(w.readyAtMs) ? l : w,
    );
    const share = worst.lagMs / allowanceMs(worst.readyAtMs);
    rows.push({
      waitMs: t,
      worstLagMs: worst.lagMs,
      readyAtMs: worst.readyAtMs,
      share,
      pass: share <= 1 + 1e-9,
    });
  }
  return rows;
}

/**
 * Figure 2 at real time: one deployment per wait length, ready T after its create (emulator at time
 * scale 1), all waited on at once with the system clock. The lag is measured from the moment before
 * the create was sent, so it is overstated by at most one request.
 */
export async function readinessLagRealTime(waits = [2_000, 5_000, 10_000, 20_000]) {
  return Promise.all(
    waits.map(async (t) => {
      const emu = await startEmulator({
        timeScale: 1,
        durations: { deployment_pending: t / 2000, deployment_initializing: t / 2000 },
      });
      const client = clientFor(emu);
      try {
        const sent = nowMs();
        await client.deployments.create({ name: "real-time", base_model: MODEL });
        await client.deployments.waitUntilReady("real-time");
        const lagMs = nowMs() - sent - t;
        return { waitMs: t, lagMs, share: lagMs / allowanceMs(t), pass: lagMs <= allowanceMs(t) };
      } finally {
        await client.close();
        await emu.close();
      }
    }),
  );
}

/** Figure 3: GETs the emulator receives during a wait that never succeeds, per wait length. */
export async function pollsPerWait(waits = [10_000, 60_000, 600_000, 3_600_000]) {
  const emu = await startEmulator({
    clock: "manual",
    durations: { deployment_pending: 5 * 3600, deployment_initializing: 5 * 3600 },
  });
  const client = clientFor(emu);
  try {
    const rows = [];
    for (const w of waits) {
      const name = `never-${w / 1000}`;
      await client.deployments.create({ name, base_model: MODEL });
      const outcome = await client.deployments
        .waitUntilReady(name, { clock: emulatorClock(emu), timeoutMs: w })
        .catch((err) => err);
      if (!(outcome instanceof WaitTimeoutError)) throw new Error(`expected a timeout, got ${outcome}`);
      const gets = emu.control
        .requests()
        .filter((r) => r.method === "GET" && r.path === `/v2/deployments/${name}`).length;
      rows.push({ waitS: w / 1000, polls: gets });
    }
    return rows;
  } finally {
    await client.close();
    await emu.close();
  }
}

/** The poll moments of a wait of `timeoutMs` that never succeeds, with a schedule, on a fake clock. */
async function pollMoments(timeoutMs, schedule) {
  let now = 0;
  const moments = [];
  const clock = {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
  await pollUntil({
    describe: "schedule",
    fetch: async () => moments.push(now),
    condition: () => ({ done: false, description: "" }),
    timeoutMs,
    clock,
    schedule,
  }).catch(() => undefined);
  return moments;
}

/**
 * The worst lag share over every readiness moment in (0, horizon]: readiness just after a poll at p
 * is seen at the next poll, so the worst case is the largest gap / allowance(p). Exact, no sampling.
 */
function worstShare(moments) {
  let worst = { share: 0, at: 0, gap: 0 };
  for (let i = 0; i + 1 < moments.length; i++) {
    const gap = moments[i + 1] - moments[i];
    const share = gap / allowanceMs(moments[i]);
    if (share > worst.share) worst = { share, at: moments[i], gap };
  }
  return worst;
}

/**
 * The trade-off behind target 3, computed from poll moments: the default schedule, two others, and
 * the fewest polls any schedule can make in 10 minutes while meeting target 2 at every moment
 * (each gap at most max(1 s, 10% of the time waited), 60 s cap: greedy largest steps).
 */
export async function scheduleTradeoff() {
  const schedules = [
    { label: "default (×1.5, cap 60 s, lagRatio 0.1)", schedule: undefined },
    { label: "×1.5, cap 30 s, lagRatio 0.1", schedule: { maxMs: 30_000 } },
    { label: "lagRatio 0.2", schedule: { lagRatio: 0.2 } },
    { label: "no lag bound (×1.5 to the 60 s cap)", schedule: { lagRatio: Number.POSITIVE_INFINITY } },
  ];
  const rows = [];
  for (const { label, schedule } of schedules) {
    const polls10m = (await pollMoments(600_000, schedule)).length;
    const polls1h = (await pollMoments(3_600_000, schedule)).length;
    const worst = worstShare(await pollMoments(3_600_000, schedule));
    rows.push({ label, polls10m, polls1h, worst });
  }
  // Greedy largest steps: each gap as long as the bound allows. Counted as polls, the first one at
  // 0 s included and the last one at or after 10 min.
  const fewest = (cap) => {
    const moments = [0];
    while (moments.at(-1) < 600_000) {
      const t = moments.at(-1);
      moments.push(t + Math.min(cap, Math.max(1000, 0.1 * t)));
    }
    return moments.length;
  };
  return {
    rows,
    fewestPolls10m: fewest(Number.POSITIVE_INFINITY),
    fewestPolls10mCapped: fewest(60_000),
  };
}
