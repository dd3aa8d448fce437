// Where the program's CPU goes: `node bench/program-profile.mjs 200 [ours]` profiles this process
// (the Automation API runs the program in it) with the inspector during a first and a no-change
// `up` of N no-ops, then N Deployments, and prints self time by file of @pulumi/pulumi, else by
// package. Not part of `npm run bench` (it is a diagnosis, one run each).
import { Session } from "node:inspector/promises";
import { deployments, firstAndNoChange, noops } from "./provider.mjs";

const n = Number(process.argv[2] ?? 200);
const session = new Session();
session.connect();
await session.post("Profiler.enable");
const byPackage = async (label, program, ours) => {
  await session.post("Profiler.start");
  const r = await firstAndNoChange(label, program, { ours, upOptions: { parallel: 64 } });
  const { profile } = await session.post("Profiler.stop");
  const self = new Map();
  const dt = new Map();
  for (const [i, id] of profile.samples.entries())
    dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  for (const node of profile.nodes) {
    const url = node.callFrame.url || `(${node.callFrame.functionName || "native"})`;
    const m =
      url.match(/node_modules\/@pulumi\/pulumi\/(.*)/) ??
      url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/) ??
      url.match(/\/(dist\/[^/]+|bench|emulator|sdk|provider)\//);
    const key = m ? m[1] : url.startsWith("node:") ? "node:internal" : url.slice(0, 60);
    self.set(key, (self.get(key) ?? 0) + (dt.get(node.id) ?? 0) / 1000);
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14);
  console.log(
    `${label}: first ${(r.first.ms / 1000).toFixed(1)} s, again ${(r.again.ms / 1000).toFixed(1)} s; program self time by package (ms):`,
  );
  for (const [k, v] of top) console.log(`  ${k.padEnd(40)} ${v.toFixed(0)}`);
};
if (process.argv[3] !== "ours") await byPackage(`noops${n}`, noops(n), false);
await byPackage(`ours${n}`, deployments(n), true);
