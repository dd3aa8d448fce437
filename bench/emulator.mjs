// Figure 7: the emulator's throughput and memory, run as its own process (the `predibase-emulator`
// CLI, loopback only) so its RSS and CPU time are its own. Clients run in this process with raw
// undici; each load runs for a fixed time. On a 2-core machine clients and server share the CPUs.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Predibase } from "pulumi-predibase/sdk";
import { Agent, request } from "undici";
import { nowMs } from "./stacks.mjs";

const CLI = fileURLToPath(new URL("../dist/emulator/cli.js", import.meta.url));
const TOKEN = "pb_bench_emulator_token";
const TICK_S = 1 / 100; // USER_HZ on Linux

const procStatus = (pid) => {
  const text = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key) => Number(text.match(new RegExp(`${key}:\\s+(\\d+)`))?.[1] ?? Number.NaN);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
};
export const cpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_S; // utime + stime
};

/**
 * The `predibase-emulator` CLI as its own process (loopback only). `args` are extra CLI flags, e.g.
 * `["--clock", "immediate"]`. Returns what a user would export, its pid, and `stop()`.
 */
export async function spawnEmulator(args = ["--clock", "immediate"]) {
  const child = spawn(process.execPath, [CLI, "--port", "0", "--token", TOKEN, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on port (\d+)[\s\S]*tenant:\s+(\S+)/);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
  const env = {
    PREDIBASE_API_TOKEN: TOKEN,
    PREDIBASE_API_URL: `${base}/v2`,
    PREDIBASE_SERVING_URL: base,
    PREDIBASE_TENANT_ID: "tenant-local",
  };
  return { pid: child.pid, base, env, stop, cpuSeconds: () => cpuSeconds(child.pid) };
}

/** `clients` loops of `one()` for `durationMs`; RSS sampled every 50 ms. */
async function load(emu, one, clients, durationMs) {
  let done = 0;
  let maxRss = 0;
  const sampler = setInterval(() => {
    maxRss = Math.max(maxRss, procStatus(emu.pid).rssMb);
  }, 50);
  const cpuBefore = cpuSeconds(emu.pid);
  const started = nowMs();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (nowMs() < deadline) {
        await one();
        done++;
      }
    }),
  );
  const elapsed = (nowMs() - started) / 1000;
  clearInterval(sampler);
  maxRss = Math.max(maxRss, procStatus(emu.pid).rssMb);
  const cpu = cpuSeconds(emu.pid) - cpuBefore;
  return { rps: done / elapsed, requests: done, rssMb: maxRss, emulatorCpuMsPerRequest: (1000 * cpu) / done };
}

export async function emulatorThroughput({
  concurrency = [1, 10, 100],
  durationMs = 3000,
  tokens = 32,
} = {}) {
  const emu = await spawnEmulator();
  const agent = new Agent({ connections: 128, keepAliveTimeout: 10_000 });
  const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
  try {
    const post = (path, body) =>
      request(`${emu.base}${path}`, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
        dispatcher: agent,
      });
    // Set up through the SDK, which speaks the emulator's wire format (platform by default).
    const client = new Predibase({
      apiToken: TOKEN,
      apiUrl: `${emu.base}/v2`,
      servingUrl: emu.base,
      tenantId: "tenant-local",
    });
    await client.repos.create({ name: "bench" });
    await client.deployments.create({ name: "bench-llm", base_model: "llama-3-2-1b-instruct" });
    await client.close();
    // A prompt whose natural answer is longer than `tokens`, so every stream is exactly `tokens` long.
    const dataPlane = "/tenant-local/deployments/v2/llms/bench-llm";
    let prompt;
    for (let i = 0; !prompt; i++) {
      const r = await post(`${dataPlane}/generate`, {
        inputs: `load prompt ${i}`,
        parameters: { max_new_tokens: tokens, details: true },
      });
      const answer = await r.body.json();
      if (r.statusCode !== 200)
        throw new Error(`generate answered ${r.statusCode}: ${JSON.stringify(answer)}`);
      if (answer.details.generated_tokens === tokens) prompt = `load prompt ${i}`;
    }
    const idle = procStatus(emu.pid).rssMb;
    const kinds = {
      "control-plane read (GET /v2/repos/{name})": async () =>
        (await request(`${emu.base}/v2/repos/bench`, { headers, dispatcher: agent })).body.dump(),
      [`streamed generation (${tokens} tokens)`]: async () => {
        const r = await post(`${dataPlane}/generate_stream`, {
          inputs: prompt,
          parameters: { max_new_tokens: tokens },
        });
        for await (const _ of r.body);
      },
    };
    const rows = [];
    for (const [kind, one] of Object.entries(kinds)) {
      for (const clients of concurrency) {
        const r = await load(emu, one, clients, durationMs);
        rows.push({ kind, clients, tokens, ...r });
      }
    }
    // The heaviest load twice more: RSS that levels off is a heap sized for the load, not a leak.
    const heaviest = Object.values(kinds).at(-1);
    const repeats = [];
    for (let i = 0; i < 2; i++) {
      await load(emu, heaviest, concurrency.at(-1), durationMs);
      repeats.push(procStatus(emu.pid).rssMb);
    }
    return { idleRssMb: idle, peakRssMb: procStatus(emu.pid).peakMb, repeats, rows };
  } finally {
    await agent.close();
    await emu.stop();
  }
}
