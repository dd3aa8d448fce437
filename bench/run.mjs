// `npm run bench`: every figure against a floor measured side by side in the same run, printed as a
// table with its target and written to bench/results.md (the table, then the profile's findings).
// `node bench/run.mjs --only 2,3` runs some figures (after `npm run build`); figure 8 is the
// profile of the provider at 200 Deployments. Each row says how it was measured: "emulator" rows
// ran against the emulator (its clock, its request log), "simulation" rows on a fake clock with
// no emulator, "engine" rows through the real Pulumi engine.
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { emulatorThroughput } from "./emulator.mjs";
import { parallelScale, profile, stateSizes, upScaling } from "./provider.mjs";
import { sdkVsRaw, TARGETS } from "./sdk.mjs";
import { seconds } from "./stacks.mjs";
import { pollsPerWait, readinessLagEmulated, readinessLagRealTime, scheduleTradeoff } from "./waits.mjs";

/** `--sizes 50,200 --pairs 5 --profile-n 200`: smaller values make a quick smoke run. */
const argOf = (flag, fallback) => {
  const i = process.argv.indexOf(flag);
  return i === -1 ? fallback : process.argv[i + 1];
};
const sizes = argOf("--sizes", "50,200").split(",").map(Number);
const pairs = Number(argOf("--pairs", "5"));
const profileN = Number(argOf("--profile-n", "200"));
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
/** "1.32× (1.20–1.51, 5 pairs)": the median of interleaved pairs, with min and max. */
const spread = (st, digits = 2) =>
  `${st.median.toFixed(digits)}× (min ${st.min.toFixed(digits)}, max ${st.max.toFixed(digits)}; ${st.n} pairs)`;
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
      `2. [emulator clock] readiness lag, ready ≈ ${dur(r.waitMs)} in (worst of 50 moments within ±10%)`,
      `${s2(r.worstLagMs)} late when ready at ${s2(r.readyAtMs)}: ${pct(r.share)} of its allowance`,
      "≤ max(1 s, 10% of the time to ready)",
      r.pass,
    );
  }
  for (const r of await readinessLagRealTime()) {
    row(
      `2. [emulator, real time] readiness lag, ready ${dur(r.waitMs)} after create`,
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
      "2. [simulation: fake clock, no emulator] worst lag over every moment in 0-1 h (the default schedule's poll moments)",
      `${pct(shipped.worst.share)} of the allowance (a ${s2(shipped.worst.gap)} gap after ${s2(shipped.worst.at)})`,
      "≤ 100%",
      shipped.worst.share <= 1 + 1e-9,
    );
  }
  if (want(3)) {
    const polls = await pollsPerWait();
    for (const r of polls) {
      row(
        `3. [emulator clock] polls (GETs the emulator received) in a ${dur(r.waitS * 1000)} wait`,
        `${r.polls}`,
        r.waitS === 600 ? "≤ 55" : "-",
        r.waitS === 600 ? r.polls <= 55 : undefined,
      );
    }
    const tenMin = polls.find((p) => p.waitS === 600).polls;
    const growth = polls.find((p) => p.waitS === 3600).polls - tenMin;
    row(
      "3. [emulator clock] extra polls from 10 min to 1 h",
      `${growth}`,
      "≤ 3000 s / 30 s = 100",
      growth <= 100,
    );
    row(
      "3. [simulation] fewest polls in 10 min of any schedule meeting target 2 at every moment",
      `${tradeoff.fewestPolls10m} (the poll at 0 s and ${tradeoff.fewestPolls10m - 1} after it) with no cap on the gap; ` +
        `${tradeoff.fewestPolls10mCapped} with the default 60 s cap (gaps ≤ max(1 s, 10% of the time waited)): why the target is ≤ 55`,
    );
    for (const o of others) {
      row(
        `3. [simulation] what-if schedule: ${o.label}`,
        `${o.polls10m} polls in 10 min, ${o.polls1h} in 1 h; worst lag ${pct(o.worst.share)} of the allowance`,
      );
    }
  }
}

if (want(6)) {
  const sdk = await sdkVsRaw();
  // bench/sdk.mjs (helper "dataplane") measures interleaved pairs; its TARGETS are the figure's.
  const pairsOf = (f) =>
    `${f.ratio.toFixed(2)}× median (min ${f.min.toFixed(2)}, max ${f.max.toFixed(2)}; ${f.pairs} pairs of ${f.perPair})`;
  if (sdk.read?.ratio === undefined || sdk.stream?.ratio === undefined) {
    row("6. [emulator, in process] SDK vs raw undici", JSON.stringify(sdk));
  } else {
    row(
      "6. [emulator, in process] control-plane read (repos.get), SDK vs raw undici parsing the same JSON",
      `${sdk.read.sdkMs.toFixed(3)} ms vs ${sdk.read.rawMs.toFixed(3)} ms per call; ${pairsOf(sdk.read)}`,
      `≤ ${TARGETS.readRatio}×`,
      sdk.read.ratio <= TARGETS.readRatio,
    );
    row(
      `6. [emulator, in process] generateStream vs raw SSE split + JSON.parse of every event (${sdk.tokens}-token stream, no token delay)`,
      `${Math.round(sdk.streamSdkTps)} vs ${Math.round(sdk.streamRawTps)} tokens/s; ${pairsOf(sdk.stream)}`,
      `≤ ${TARGETS.streamRatio}×`,
      sdk.stream.ratio <= TARGETS.streamRatio,
    );
    row(
      `6. [emulator, in process] the same stream, tokens ${sdk.slowTokenMs} ms apart (a fast model)`,
      `${Math.round(sdk.slowTps.sdk)} vs ${Math.round(sdk.slowTps.rawBody)} tokens/s; ${pairsOf(sdk.slow)}`,
    );
  }
}

if (want(7)) {
  const emu = await emulatorThroughput();
  for (const r of emu.rows) {
    const tokens = r.kind.startsWith("streamed") ? ` (${Math.round(r.rps * r.tokens)} tokens/s)` : "";
    row(
      `7. [emulator, own process] ${r.kind}, ${r.clients} concurrent client(s), 3 s`,
      `${Math.round(r.rps)} req/s${tokens}, emulator CPU ${r.emulatorCpuMsPerRequest.toFixed(2)} ms/req, RSS ${Math.round(r.rssMb)} MB`,
    );
  }
  row(
    "7. [emulator, own process] memory",
    `RSS ${Math.round(emu.idleRssMb)} MB idle, peak ${Math.round(emu.peakRssMb)} MB over all loads; ` +
      `after the 100-client stream load twice more: ${emu.repeats.map((mb) => Math.round(mb)).join(" and ")} MB`,
  );
}

if (want(1) || want(5)) {
  for (const r of await upScaling({ sizes, pairs })) {
    const flag = `--parallel ${r.parallel}`;
    if (want(1)) {
      for (const [phase, label] of [
        ["first", "first up"],
        ["again", "no-change up"],
      ]) {
        const x = r[phase];
        row(
          `1. [engine] pulumi up ${flag}, ${label}: ${r.n} Deployments (readiness at once) vs ${r.n} no-op dynamic resources`,
          `${seconds(x.ours.median)} s vs ${seconds(x.floor.median)} s (medians); ratio ${spread(x.ratio)}`,
          "≤ 1.3×",
          x.ratio.median <= 1.3,
        );
        row(
          `1. [engine, CPU seconds of every process but the emulator] pulumi up ${flag}, ${label}: ${r.n} Deployments vs ${r.n} no-ops`,
          `${x.oursCpu.median.toFixed(1)} s vs ${x.floorCpu.median.toFixed(1)} s (medians); ratio ${spread(x.cpuRatio)}`,
        );
      }
      const changes = Object.entries(r.againChanges ?? {})
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
      row(`1. [engine] the no-change up of ${r.n} changed`, changes || "nothing reported");
    }
    if (want(5)) {
      row(
        `5. [engine] state per resource, ${r.n} Deployments vs ${r.n} no-ops (checkpoint bytes / N)`,
        `${Math.round(r.state.perResource)} B vs ${Math.round(r.state.floorPerResource)} B; checkpoint ` +
          `${Math.round(r.state.checkpointBytes / 1024)} KiB vs ${Math.round(r.state.floorCheckpointBytes / 1024)} KiB; ` +
          `largest Deployment entry ${r.state.entryBytes} B, \`__provider\` ${r.state.providerBytes} B stored ${r.state.providerCopies}×`,
        "≤ 3 KB (3072 B)",
        r.state.perResource <= 3072,
      );
    }
  }
  if (want(5)) {
    for (const k of await stateSizes()) {
      row(
        `5. [engine] state entry of one ${k.kind}`,
        `${k.entryBytes} B (inputs ${k.inputsBytes} B, outputs ${k.outputsBytes} B; \`__provider\` ${k.providerBytes} B in each)`,
      );
    }
  }
}

const findings = [];
if (want(8)) {
  const p = await profile({ n: profileN });
  const cpuLine = (cpu) =>
    Object.entries(cpu)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(", ");
  const total = (cpu) => Object.values(cpu).reduce((a, b) => a + b, 0);
  const variants = [
    ["floor", `${p.n} no-ops`],
    ["ours", `${p.n} Deployments`],
    ["noCheckpoints", `${p.n} Deployments, PULUMI_SKIP_CHECKPOINTS=true (never for real use)`],
    ["floorNoCheckpoints", `${p.n} no-ops, PULUMI_SKIP_CHECKPOINTS=true`],
    ["sharedProvider", `${p.n} Deployments, what-if: one provider object per kind`],
  ];
  for (const [key, label] of variants) {
    const v = p[key];
    row(
      `8. [engine, profile, one run] ${label}, --parallel ${p.parallel}`,
      `first up ${seconds(v.firstMs)} s (CPU s: ${cpuLine(v.firstCpu)}; total ${total(v.firstCpu).toFixed(1)}); ` +
        `no-change up ${seconds(v.againMs)} s (CPU s: ${cpuLine(v.againCpu)}); checkpoint ${Math.round(v.checkpointBytes / 1024)} KiB`,
    );
  }
  // CPU seconds, not wall time: on a shared machine the wall clock mostly measures the neighbours.
  const c = (v, phase, role) => v[`${phase}Cpu`][role] ?? 0;
  const sum = (v, phase) => total(v[`${phase}Cpu`]);
  const line = (role, label) =>
    `- ${label}: first up ${c(p.ours, "first", role).toFixed(1)} s vs ${c(p.floor, "first", role).toFixed(1)} s, ` +
    `no-change up ${c(p.ours, "again", role).toFixed(1)} s vs ${c(p.floor, "again", role).toFixed(1)} s`;
  findings.push(
    `At ${p.n} resources (--parallel ${p.parallel}, one run of each variant), CPU seconds of every process, ours vs the floor:`,
    `- total: first up ${sum(p.ours, "first").toFixed(1)} s vs ${sum(p.floor, "first").toFixed(1)} s (${(sum(p.ours, "first") / sum(p.floor, "first")).toFixed(2)}×), ` +
      `no-change up ${sum(p.ours, "again").toFixed(1)} s vs ${sum(p.floor, "again").toFixed(1)} s (${(sum(p.ours, "again") / sum(p.floor, "again")).toFixed(2)}×)`,
    line("engine", "the engine (pulumi CLI, checkpoints included)"),
    line("program (this process)", "the program (Automation API, in the bench process)"),
    line("provider host", "the dynamic-provider host (check, diff, create)"),
    `- checkpoints: PULUMI_SKIP_CHECKPOINTS takes the engine's CPU from ${c(p.ours, "first", "engine").toFixed(1)} s to ` +
      `${c(p.noCheckpoints, "first", "engine").toFixed(1)} s for ours and from ${c(p.floor, "first", "engine").toFixed(1)} s to ` +
      `${c(p.floorNoCheckpoints, "first", "engine").toFixed(1)} s for the floor (first up); the checkpoint is ` +
      `${Math.round(p.ours.checkpointBytes / 1024)} KiB vs ${Math.round(p.floor.checkpointBytes / 1024)} KiB, rewritten whole after every step.`,
    `- one provider object per kind (what-if): program CPU ${c(p.ours, "first", "program (this process)").toFixed(1)} s -> ` +
      `${c(p.sharedProvider, "first", "program (this process)").toFixed(1)} s (first up), ${c(p.ours, "again", "program (this process)").toFixed(1)} s -> ` +
      `${c(p.sharedProvider, "again", "program (this process)").toFixed(1)} s (no-change up).`,
    `- wall time (noisy on a shared machine): first up ${seconds(p.ours.firstMs)} s vs ${seconds(p.floor.firstMs)} s, ` +
      `no-change up ${seconds(p.ours.againMs)} s vs ${seconds(p.floor.againMs)} s.`,
  );
  for (const f of findings) console.log(f);
}

if (want(4)) {
  const rows4 = [...(await parallelScale()), ...(await parallelScale({ ns: [50], parallel: 0 }))];
  for (const r of rows4) {
    const defaultParallel = r.parallel === 0;
    const target = r.n === 50 && !defaultParallel;
    row(
      `4. [engine] one pulumi up of ${r.n} Deployment(s), each ready T = ${r.readySeconds} s after create, ${
        defaultParallel ? "the engine's default --parallel (4 × cores)" : `--parallel ${r.parallel}`
      }`,
      `${seconds(r.ms)} s = ${r.ratio.toFixed(2)} T (no-op up of ${r.n}: ${seconds(r.floorMs)} s)`,
      target ? "≤ 1.5 T" : "-",
      target ? r.ratio <= 1.5 : undefined,
    );
  }
}

if (want(9)) {
  // bench/plugin.mjs: the native plugin against a no-op native plugin and the dynamic Deployments.
  // `--plugin-profile` adds each variant's CPU seconds by process (mean of its runs).
  const { pluginProfile, pluginScaling } = await import("./plugin.mjs");
  const profile9 = process.argv.includes("--plugin-profile");
  for (const r of await pluginScaling({ sizes, pairs, profile: profile9 })) {
    const flag = `--parallel ${r.parallel}`;
    for (const [phase, label] of [
      ["first", "first up"],
      ["again", "no-change up"],
    ]) {
      const x = r[phase];
      row(
        `9. [engine] pulumi up ${flag}, ${label}: ${r.n} Deployments through the plugin vs ${r.n} resources of a no-op native plugin`,
        `${seconds(x.plugin.median)} s vs ${seconds(x.noop.median)} s (medians); ratio ${spread(x.vsNoop)}`,
        "≤ 1.15×",
        x.vsNoop.median <= 1.15,
      );
      row(
        `9. [engine] pulumi up ${flag}, ${label}: ${r.n} Deployments through the plugin vs ${r.n} resources of the no-op plugin storing a Deployment's inputs and outputs (the same checkpoint bytes)`,
        `${seconds(x.plugin.median)} s vs ${seconds(x.noopSized.median)} s (medians); ratio ${spread(x.vsNoopSized)}`,
        "≤ 1.15×",
        x.vsNoopSized.median <= 1.15,
      );
      row(
        `9. [engine] pulumi up ${flag}, ${label}: ${r.n} resources of the no-op plugin storing a Deployment's inputs and outputs vs ${r.n} of the bare no-op plugin (no work in either: what the stored bytes alone cost)`,
        `${seconds(x.noopSized.median)} s vs ${seconds(x.noop.median)} s (medians); ratio ${spread(x.stateAlone)}`,
      );
      row(
        `9. [engine] pulumi up ${flag}, ${label}: ${r.n} Deployments through the plugin vs ${r.n} dynamic Deployments`,
        `${seconds(x.plugin.median)} s vs ${seconds(x.dynamic.median)} s (medians); ratio plugin/dynamic ${spread(x.vsDynamic)}`,
      );
    }
    const changes = (c) =>
      Object.entries(c ?? {})
        .map(([k, v]) => `${k} ${v}`)
        .join(", ") || "nothing reported";
    row(
      `9. [engine] the no-change up of ${r.n} changed`,
      `plugin: ${changes(r.againChanges.plugin)}; no-op plugin: ${changes(r.againChanges.noop)}`,
    );
    const st = r.state;
    row(
      `9. [engine] state per resource, ${r.n} Deployments: plugin vs dynamic (checkpoint bytes / N; the no-op plugin's for scale)`,
      `${Math.round(st.plugin.perResource)} B vs ${Math.round(st.dynamic.perResource)} B (no-op ${Math.round(st.noop.perResource)} B, same-state no-op ${Math.round(st.noopSized.perResource)} B); ` +
        `largest Deployment entry ${st.plugin.entryBytes} B vs ${st.dynamic.entryBytes} B`,
    );
    if (r.cpu) {
      const cpuLine = (cpu) =>
        Object.entries(cpu)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k} ${v.toFixed(2)}`)
          .join(", ");
      for (const key of ["plugin", "noop", "dynamic"]) {
        row(
          `9. [engine, profile] ${r.n} ${key === "noop" ? "no-op plugin resources" : `${key} Deployments`}, CPU s by process (mean of ${r.pairs})`,
          `first up: ${cpuLine(r.cpu[key].first)}; no-change up: ${cpuLine(r.cpu[key].again)}`,
        );
      }
    }
  }
  if (profile9) {
    const p = await pluginProfile({ n: profileN });
    const cpuLine = (cpu) =>
      Object.entries(cpu)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(", ");
    const total = (cpu) => Object.values(cpu).reduce((a, b) => a + b, 0);
    for (const [key, label] of [
      ["noop", `${p.n} no-op plugin resources`],
      ["plugin", `${p.n} plugin Deployments`],
      ["pluginNoCheckpoints", `${p.n} plugin Deployments, PULUMI_SKIP_CHECKPOINTS=true (never for real use)`],
      ["noopNoCheckpoints", `${p.n} no-op plugin resources, PULUMI_SKIP_CHECKPOINTS=true`],
      ["pluginCompileCache", `${p.n} plugin Deployments, what-if: the plugin with a primed V8 compile cache`],
    ]) {
      const v = p[key];
      row(
        `9. [engine, profile, one run] ${label}, --parallel ${p.parallel}`,
        `first up ${seconds(v.firstMs)} s (CPU s: ${cpuLine(v.firstCpu)}; total ${total(v.firstCpu).toFixed(2)}); ` +
          `no-change up ${seconds(v.againMs)} s (CPU s: ${cpuLine(v.againCpu)}; total ${total(v.againCpu).toFixed(2)})`,
      );
    }
  }
}

const tookS = seconds(Date.now() - started);
const loadAtEnd = load();
const table = [
  `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine}.`,
  `Load average (1, 5, 15 min) at start ${loadAtStart}, at end ${loadAtEnd}; the run took ${tookS} s.`,
  "",
  "How each figure was measured: **[engine]** through the real Pulumi engine (Automation API, local",
  "file backend, the program in the bench process, the emulator as its own process); **[emulator clock]**",
  "the SDK's real wait against the emulator, whose manual clock each sleep of the wait advances (no",
  "real waiting); **[emulator, real time]** the same at time scale 1; **[emulator, own process]** the",
  "`predibase-emulator` CLI in its own process, its CPU and RSS read from /proc; **[simulation]** the",
  "poll schedule on a fake clock, with no emulator: computed, not measured. Ratios are the median of",
  "interleaved pairs (A B, B A, ...) after a warm-up, with min and max. Flags that are not the",
  "engine's defaults are named in the row (the default `--parallel` is 4 × cores = 8 here).",
  "",
  "| figure | measured | target | |",
  "| --- | --- | --- | --- |",
  ...rows.map(
    (r) =>
      `| ${r.figure} | ${r.measured} | ${r.target} | ${r.pass === undefined ? "" : r.pass ? "pass" : "**miss**"} |`,
  ),
].join("\n");
const findingsText = findings.length
  ? `\n\n## Where the provider's time goes\n\n${findings.join("\n")}\n`
  : "\n";
if (only === undefined || process.argv.includes("--write")) {
  writeFileSync(new URL("./results.md", import.meta.url), `${table}${findingsText}`);
}
console.log(`\n${table}`);
const misses = rows.filter((r) => r.pass === false).length;
console.log(`\n${rows.filter((r) => r.pass).length} targets met, ${misses} missed; ${tookS} s`);
