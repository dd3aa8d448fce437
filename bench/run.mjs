// `npm run bench`: every figure of issue 9 against a floor measured side by side in the same run,
// printed as a table with its target and written to bench/results.md (bench/README.md explains it).
// `node bench/run.mjs --only 2,3` runs some figures (after `npm run build`).
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { emulatorThroughput } from "./emulator.mjs";
import { parallelScale, providerOverhead, stateSizes } from "./provider.mjs";
import { sdkVsRaw } from "./sdk.mjs";
import { median, range, seconds } from "./stacks.mjs";
import { pollsPerWait, readinessLagEmulated, readinessLagRealTime, scheduleTradeoff } from "./waits.mjs";

const onlyArg = process.argv.indexOf("--only");
const only = onlyArg === -1 ? undefined : new Set(process.argv[onlyArg + 1].split(",").map(Number));
const want = (figure) => only === undefined || only.has(figure);

const rows = [];
const row = (figure, measured, target = "-", pass = undefined) => {
  rows.push({ figure, measured, target, pass });
  const mark = pass === undefined ? "    " : pass ? "PASS" : "MISS";
  console.log(`${mark}  ${figure}: ${measured}${target === "-" ? "" : ` (target ${target})`}`);
};
const pct = (share) => `${(100 * share).toFixed(0)}%`;
const s2 = (ms) => `${(ms / 1000).toFixed(2)} s`;
const dur = (ms) =>
  ms >= 3_600_000 ? `${ms / 3_600_000} h` : ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`;

const started = Date.now();
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const cpu =
  readFileSync("/proc/cpuinfo", "utf8")
    .match(/model name\s*:\s*(.*)/)?.[1]
    ?.trim() ?? "unknown CPU";
const machine = `${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Linux, Node ${process.version}`;
const loadAtStart = load();
console.log(`machine: ${machine}\nload average at start: ${loadAtStart}\n`);

if (want(2)) {
  for (const r of await readinessLagEmulated()) {
    row(
      `2. readiness lag, ready ≈ ${dur(r.waitMs)} in (emulated clock; worst of 50 moments within ±10%)`,
      `${s2(r.worstLagMs)} late when ready at ${s2(r.readyAtMs)}: ${pct(r.share)} of its allowance`,
      "≤ max(1 s, 10% of the time to ready)",
      r.pass,
    );
  }
  for (const r of await readinessLagRealTime()) {
    row(
      `2. readiness lag at real time, ready ${dur(r.waitMs)} after create`,
      `${s2(r.lagMs)} late: ${pct(r.share)} of its allowance`,
      "≤ max(1 s, 10% of the time to ready)",
      r.pass,
    );
  }
}

if (want(2) || want(3)) {
  const tradeoff = await scheduleTradeoff();
  const [shipped, ...others] = tradeoff.rows;
  if (want(2)) {
    row(
      "2. worst lag over every moment in 0-1 h (exact, from the default schedule's poll moments)",
      `${pct(shipped.worst.share)} of the allowance (a ${s2(shipped.worst.gap)} gap after ${s2(shipped.worst.at)})`,
      "≤ 100%",
      shipped.worst.share <= 1 + 1e-9,
    );
  }
  if (want(3)) {
    const polls = await pollsPerWait();
    for (const r of polls) {
      row(
        `3. polls (GETs the emulator received) in a ${dur(r.waitS * 1000)} wait`,
        `${r.polls}`,
        r.waitS === 600 ? "≤ 40" : "-",
        r.waitS === 600 ? r.polls <= 40 : undefined,
      );
    }
    const tenMin = polls.find((p) => p.waitS === 600).polls;
    const growth = polls.find((p) => p.waitS === 3600).polls - tenMin;
    row("3. extra polls from 10 min to 1 h", `${growth}`, "≤ 3000 s / 30 s cap = 100", growth <= 100);
    row(
      "3. fewest polls in 10 min of any schedule meeting target 2 at every moment",
      `${tradeoff.fewestPolls10m} (gaps ≤ max(1 s, 10% of the time waited), 30 s cap)`,
    );
    for (const o of others) {
      row(
        `3. what-if schedule: ${o.label}`,
        `${o.polls10m} polls in 10 min, ${o.polls1h} in 1 h; worst lag ${pct(o.worst.share)} of the allowance`,
      );
    }
  }
}

if (want(6)) {
  const sdk = await sdkVsRaw();
  row(
    "6. control-plane read (GET /repos/{name}), SDK vs raw undici, median per call",
    `${sdk.readSdkMs.toFixed(3)} ms vs ${sdk.readRawMs.toFixed(3)} ms = ${sdk.readRatio.toFixed(2)}×`,
    "≤ 1.15×",
    sdk.readRatio <= 1.15,
  );
  row(
    `6. generateStream vs the raw SSE body read to its end (${sdk.tokens}-token stream, no token delay)`,
    `${Math.round(sdk.tps.sdk)} vs ${Math.round(sdk.tps.rawBody)} tokens/s = ${sdk.streamRatio.toFixed(2)}× the time`,
    "≤ 1.15×",
    sdk.streamRatio <= 1.15,
  );
  row(
    "6. generateStream vs raw body + SSE split + JSON.parse per event (the least a consumer does)",
    `${Math.round(sdk.tps.sdk)} vs ${Math.round(sdk.tps.rawParsed)} tokens/s = ${sdk.streamRatioParsed.toFixed(2)}×`,
  );
  row(
    `6. generateStream vs the raw SSE body, tokens ${sdk.slowTokenMs} ms apart (a fast model)`,
    `${Math.round(sdk.slowTps.sdk)} vs ${Math.round(sdk.slowTps.rawBody)} tokens/s = ${sdk.slowRatio.toFixed(2)}×`,
  );
}

if (want(7)) {
  const emu = await emulatorThroughput();
  for (const r of emu.rows) {
    const tokens = r.kind.startsWith("streamed") ? ` (${Math.round(r.rps * r.tokens)} tokens/s)` : "";
    row(
      `7. emulator: ${r.kind}, ${r.clients} concurrent client(s), 3 s`,
      `${Math.round(r.rps)} req/s${tokens}, emulator CPU ${r.emulatorCpuMsPerRequest.toFixed(2)} ms/req, RSS ${Math.round(r.rssMb)} MB`,
    );
  }
  row(
    "7. emulator process memory",
    `RSS ${Math.round(emu.idleRssMb)} MB idle, peak ${Math.round(emu.peakRssMb)} MB over all loads; ` +
      `after the 100-client stream load twice more: ${emu.repeats.map((mb) => Math.round(mb)).join(" and ")} MB`,
  );
}

if (want(1) || want(5)) {
  const o = await providerOverhead();
  const ratio = median(o.ratios);
  if (want(1)) {
    row(
      `1. pulumi up: ${o.n} Deployments (readiness at once) vs ${o.n} no-op dynamic resources, median of ${o.rounds} paired rounds`,
      `${seconds(o.oursMs)} s vs ${seconds(o.floorMs)} s; ratio ${ratio.toFixed(2)}× (rounds ${range(o.ratios)})`,
      "≤ 1.3×",
      ratio <= 1.3,
    );
    row(
      "1. what-if (not shipped): the same Deployments with one provider object per kind",
      `${seconds(o.sharedMs)} s; ratio ${median(o.sharedRatios).toFixed(2)}× (rounds ${range(o.sharedRatios)})`,
    );
  }
  if (want(5)) {
    row(
      "5. `__provider` of a Deployment (the largest of 50)",
      `${o.state.providerBytes} B (a no-op's: ${o.state.noopProviderBytes} B)`,
      "≤ 4096 B",
      o.state.providerBytes <= 4096,
    );
    for (const k of await stateSizes()) {
      const noop = k.kind.startsWith("no-op");
      row(
        `5. state entry of one ${k.kind}`,
        `${k.entryBytes} B (inputs ${k.inputsBytes} B, outputs ${k.outputsBytes} B; \`__provider\` ${k.providerBytes} B in each)`,
        noop ? "-" : "`__provider` ≤ 4096 B",
        noop ? undefined : k.providerBytes <= 4096,
      );
    }
    row(
      `5. whole checkpoint file, ${o.n} Deployments vs ${o.n} no-ops`,
      `${Math.round(o.state.checkpointBytes / 1024)} KiB vs ${Math.round(o.state.noopCheckpointBytes / 1024)} KiB`,
    );
  }
}

if (want(4)) {
  const rows4 = [...(await parallelScale()), ...(await parallelScale({ ns: [50], parallel: 0 }))];
  for (const r of rows4) {
    const defaultParallel = r.parallel === 0;
    const target = r.n === 50 && !defaultParallel;
    row(
      `4. one pulumi up of ${r.n} Deployment(s), each ready T = ${r.readySeconds} s after create, ${
        defaultParallel ? "the engine's default --parallel (4 × cores)" : `--parallel ${r.parallel}`
      }`,
      `${seconds(r.ms)} s = ${r.ratio.toFixed(2)} T (no-op up of ${r.n}: ${seconds(r.floorMs)} s)`,
      target ? "≤ 1.5 T" : "-",
      target ? r.ratio <= 1.5 : undefined,
    );
  }
}

const tookS = seconds(Date.now() - started);
const loadAtEnd = load();
const table = [
  `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine}.`,
  `Load average (1, 5, 15 min) at start ${loadAtStart}, at end ${loadAtEnd}; the run took ${tookS} s.`,
  "",
  "| figure | measured | target | |",
  "| --- | --- | --- | --- |",
  ...rows.map(
    (r) =>
      `| ${r.figure} | ${r.measured} | ${r.target} | ${r.pass === undefined ? "" : r.pass ? "pass" : "**miss**"} |`,
  ),
].join("\n");
if (only === undefined) writeFileSync(new URL("./results.md", import.meta.url), `${table}\n`);
console.log(`\n${table}`);
const misses = rows.filter((r) => r.pass === false).length;
console.log(`\n${rows.filter((r) => r.pass).length} targets met, ${misses} missed; ${tookS} s`);
