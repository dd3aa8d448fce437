// `npm run bench`: every figure against a floor measured side by side in the same run, printed as
// a table with its target, and written to bench/results.md.
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { parallelScale, providerOverhead } from "./provider.mjs";
import { emulatorThroughput, sdkVsRaw } from "./sdk.mjs";
import { seconds } from "./stacks.mjs";
import { pollsPerWait, readinessLag } from "./waits.mjs";

const rows = [];
const row = (figure, measured, target, pass) => {
  rows.push({ figure, measured, target, pass });
  console.log(
    `${pass === undefined ? "    " : pass ? "PASS" : "MISS"}  ${figure}: ${measured} (target ${target})`,
  );
};
const started = Date.now();
const cpu = readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/)?.[1] ?? "unknown CPU";
const machine = `${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`machine: ${machine}\n`);

const lag = await readinessLag();
for (const r of lag)
  row(
    `2. readiness lag, ready about ${r.readyAfterS} s in (worst of 50 moments within ±10%)`,
    `${r.worstLagS.toFixed(2)} s = ${(100 * r.share).toFixed(0)}% of the allowance`,
    "≤ max(1 s, 10% of the wait)",
    r.pass,
  );

const polls = await pollsPerWait();
for (const r of polls)
  row(
    `3. polls for a ${r.waitS} s wait`,
    `${r.polls}`,
    r.waitS === 600 ? "≤ 40" : "-",
    r.waitS === 600 ? r.polls <= 40 : undefined,
  );
const growth = polls.at(-1).polls - polls.find((p) => p.waitS === 600).polls;
row("3. extra polls from 10 min to 1 h", `${growth}`, "≤ 3000 s / 30 s cap = 100", growth <= 100);

const sdk = await sdkVsRaw();
row(
  "6. control-plane read, SDK vs raw undici",
  `${sdk.requestSdkMs.toFixed(3)} ms vs ${sdk.requestRawMs.toFixed(3)} ms = ${sdk.requestRatio.toFixed(2)}×`,
  "≤ 1.15×",
  sdk.requestRatio <= 1.15,
);
row(
  "6. generateStream vs raw SSE body, tokens/s",
  `${Math.round(sdk.streamSdkTps)} vs ${Math.round(sdk.streamRawTps)} = ${sdk.streamRatio.toFixed(2)}×`,
  "≤ 1.15×",
  sdk.streamRatio <= 1.15,
);

for (const r of await emulatorThroughput()) {
  row(
    `7. emulator ${r.kind}, ${r.clients} client(s)`,
    `${Math.round(r.rps)} req/s, RSS ${Math.round(r.rssMb)} MB`,
    "-",
    undefined,
  );
}

const overhead = await providerOverhead();
row(
  "1. pulumi up, 50 Deployments (instant readiness) vs 50 no-op dynamic resources",
  `${seconds(overhead.ours)} s vs ${seconds(overhead.floor)} s = ${overhead.ratio.toFixed(2)}×`,
  "≤ 1.3×",
  overhead.ratio <= 1.3,
);
row(
  "5. largest __provider in state",
  `${overhead.state.providerBytes} B`,
  "≤ 4096 B",
  overhead.state.providerBytes <= 4096,
);
row("5. largest Deployment state entry", `${overhead.state.entryBytes} B`, "-", undefined);

for (const r of await parallelScale()) {
  row(
    `4. pulumi up of ${r.n} deployment(s), each ready after T = 20 s`,
    `${seconds(r.ms)} s = ${r.ratio.toFixed(2)} T`,
    r.n === 50 ? "≤ 1.5 T" : "-",
    r.n === 50 ? r.ratio <= 1.5 : undefined,
  );
}

const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; \`npm run bench\` took ${seconds(Date.now() - started)} s.`,
  "",
  "| figure | measured | target | |",
  "| --- | --- | --- | --- |",
  ...rows.map(
    (r) =>
      `| ${r.figure} | ${r.measured} | ${r.target} | ${r.pass === undefined ? "" : r.pass ? "pass" : "**miss**"} |`,
  ),
].join("\n");
writeFileSync(new URL("./results.md", import.meta.url), `${table}\n`);
console.log(`\n${table}`);
