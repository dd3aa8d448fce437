// Figures 6 and 7: the SDK against raw undici on the same emulator (a control-plane read, and
// streamed generation), and the emulator's own throughput and memory under concurrent clients.
//
// Method (figure 6): after a warm-up, PAIRS pairs; each pair times one batch of raw calls and one
// batch of SDK calls, back to back, in alternating order, so drift on the shared machine hits both
// alike. A pair's ratio is SDK time / raw time; the figure is the median ratio, with min and max.
// The raw side does the work any consumer must: the read parses the JSON body, the stream reader
// splits the SSE events and parses every event's JSON, the same JSON the SDK parses (the SDK also
// validates it). Run alone: `npm run build && node bench/sdk.mjs`.

import { pathToFileURL } from "node:url";
import { startEmulator } from "pulumi-predibase/emulator";
import { Predibase } from "pulumi-predibase/sdk";
import { Agent, request } from "undici";

const MODEL = "llama-3-2-1b-instruct";
export const TARGETS = { readRatio: 1.15, streamRatio: 1.2 };

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/** One call: wall ms and process CPU ms (the client and the in-process emulator). */
async function timed(fn) {
  const cpu = process.cpuUsage();
  const t = nowMs();
  await fn();
  const wall = nowMs() - t;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

const spread = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

/**
 * `pairs` pairs after `warmup` rounds. A pair is `perPair` rounds; each round times one raw call
 * and one SDK call back to back, alternating which goes first, so both sides sample the same
 * moments of a shared, busy machine. A pair's ratio is the median over its rounds of SDK time /
 * raw time (a round's two calls are adjacent, and the median drops rounds a preemption hit).
 * Wall time is the figure; process CPU time is reported beside it.
 */
export async function interleavedPairs(raw, sdk, { pairs = 7, perPair, warmup }) {
  for (let i = 0; i < warmup; i++) {
    await raw();
    await sdk();
  }
  const wall = [];
  const cpu = [];
  const rawMs = [];
  const sdkMs = [];
  for (let p = 0; p < pairs; p++) {
    const r = [];
    const s = [];
    for (let i = 0; i < perPair; i++) {
      if ((p * perPair + i) % 2 === 0) {
        r.push(await timed(raw));
        s.push(await timed(sdk));
      } else {
        s.push(await timed(sdk));
        r.push(await timed(raw));
      }
    }
    const rWall = median(r.map((x) => x.wall));
    const sWall = median(s.map((x) => x.wall));
    rawMs.push(rWall);
    sdkMs.push(sWall);
    wall.push(median(s.map((x, i) => x.wall / r[i].wall)));
    cpu.push(median(s.map((x) => x.cpu)) / median(r.map((x) => x.cpu)));
  }
  const w = spread(wall);
  return {
    pairs,
    perPair,
    rawMs: median(rawMs),
    sdkMs: median(sdkMs),
    ratio: w.median,
    min: w.min,
    max: w.max,
    cpu: spread(cpu),
  };
}

async function setup(emulatorOptions = {}) {
  const emu = await startEmulator({ clock: "immediate", ...emulatorOptions });
  const client = new Predibase({
    apiToken: emu.apiToken,
    apiUrl: emu.apiUrl,
    servingUrl: emu.servingUrl,
    tenantId: emu.tenantId,
  });
  await client.repos.create({ name: "bench" });
  await client.deployments.create({ name: "bench-llm", base_model: MODEL });
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const headers = { authorization: `Bearer ${emu.apiToken}`, "content-type": "application/json" };
  return {
    emu,
    client,
    agent,
    headers,
    async dispose() {
      await client.close();
      await agent.close();
      await emu.close();
    },
  };
}

/** The emulator answers each prompt at its own natural length (6-46 tokens): take the longest of 100. */
async function longestPrompt(client) {
  let best = { prompt: "", tokens: 0 };
  for (let i = 0; i < 100; i++) {
    const prompt = `benchmark prompt ${i}`;
    const r = await client
      .deployment("bench-llm")
      .generate({ inputs: prompt, parameters: { details: true } });
    if (r.details.generated_tokens > best.tokens) best = { prompt, tokens: r.details.generated_tokens };
  }
  return best;
}

/** Two readers of one /generate_stream, each returning the number of token events it parsed. */
function streamReaders({ emu, client, agent, headers }, prompt) {
  const body = JSON.stringify({ inputs: prompt });
  const url = `${emu.servingUrl}/${emu.tenantId}/deployments/v2/llms/bench-llm/generate_stream`;
  const deployment = client.deployment("bench-llm");
  return {
    // The floor: read the SSE body, split the events, parse each event's JSON.
    raw: async () => {
      const r = await request(url, {
        method: "POST",
        headers: { ...headers, accept: "text/event-stream" },
        body,
        dispatcher: agent,
      });
      r.body.setEncoding("utf8");
      let buffer = "";
      let events = 0;
      for await (const chunk of r.body) {
        buffer += chunk;
        let start = 0;
        let end = buffer.indexOf("\n\n", start);
        while (end !== -1) {
          if (buffer.startsWith("data:", start) && JSON.parse(buffer.slice(start + 5, end)).token) events++;
          start = end + 2;
          end = buffer.indexOf("\n\n", start);
        }
        buffer = buffer.slice(start);
      }
      return events;
    },
    sdk: async () => {
      let events = 0;
      for await (const event of await deployment.generateStream({ inputs: prompt }))
        if (event.token) events++;
      return events;
    },
  };
}

export async function sdkVsRaw({ pairs = 7, reads = 300, streams = 60, slowTokenMs = 5 } = {}) {
  const env = await setup();
  let read;
  let stream;
  let prompt;
  try {
    const { emu, client, agent, headers } = env;
    read = await interleavedPairs(
      async () => (await request(`${emu.apiUrl}/repos/bench`, { headers, dispatcher: agent })).body.json(),
      () => client.repos.get("bench"),
      { pairs, perPair: reads, warmup: 300 },
    );
    prompt = await longestPrompt(client);
    const { raw, sdk } = streamReaders(env, prompt.prompt);
    for (const [name, fn] of Object.entries({ raw, sdk })) {
      const n = await fn();
      if (n !== prompt.tokens) throw new Error(`${name} read ${n} token events, expected ${prompt.tokens}`);
    }
    stream = await interleavedPairs(raw, sdk, { pairs, perPair: streams, warmup: 100 });
  } finally {
    await env.dispose();
  }
  // The same stream with tokens paced slowTokenMs apart (a fast model): the SDK's per-event work
  // hides behind the wait for the next token.
  const slowEnv = await setup({ tokenLatencyMs: slowTokenMs });
  let slow;
  try {
    const { raw, sdk } = streamReaders(slowEnv, prompt.prompt);
    slow = await interleavedPairs(raw, sdk, { pairs: 5, perPair: 3, warmup: 1 });
  } finally {
    await slowEnv.dispose();
  }
  const tps = (ms) => (prompt.tokens * 1000) / ms;
  return {
    read,
    stream,
    slow,
    tokens: prompt.tokens,
    // The keys bench/run.mjs reads.
    requestRawMs: read.rawMs,
    requestSdkMs: read.sdkMs,
    requestRatio: read.ratio,
    streamRawTps: tps(stream.rawMs),
    streamSdkTps: tps(stream.sdkMs),
    streamRatio: stream.ratio,
    readRawMs: read.rawMs,
    readSdkMs: read.sdkMs,
    readRatio: read.ratio,
    tps: { rawBody: tps(stream.rawMs), rawParsed: tps(stream.rawMs), sdk: tps(stream.sdkMs) },
    streamRatioParsed: stream.ratio,
    slowTokenMs,
    slowTps: { rawBody: tps(slow.rawMs), sdk: tps(slow.sdkMs) },
    slowRatio: slow.ratio,
  };
}

export async function emulatorThroughput(concurrency = [1, 10, 100]) {
  const emu = await startEmulator({ clock: "immediate" });
  const setupClient = new Predibase({ apiToken: emu.apiToken, apiUrl: emu.apiUrl, tenantId: emu.tenantId });
  await setupClient.repos.create({ name: "bench" });
  await setupClient.deployments.create({ name: "bench-llm", base_model: MODEL });
  await setupClient.close();
  const agent = new Agent({ connections: 128 });
  const headers = { authorization: `Bearer ${emu.apiToken}`, "content-type": "application/json" };
  const rows = [];
  for (const kind of ["control-plane read", "streamed generation (32 tokens)"]) {
    for (const c of concurrency) {
      const perClient = kind.startsWith("control")
        ? Math.max(20, Math.floor(3000 / c))
        : Math.max(5, Math.floor(300 / c));
      const one = kind.startsWith("control")
        ? async () => (await request(`${emu.apiUrl}/repos/bench`, { headers, dispatcher: agent })).body.dump()
        : async () => {
            const r = await request(
              `${emu.servingUrl}/${emu.tenantId}/deployments/v2/llms/bench-llm/generate_stream`,
              {
                method: "POST",
                headers,
                body: JSON.stringify({ inputs: "hi", parameters: { max_new_tokens: 32 } }),
                dispatcher: agent,
              },
            );
            for await (const _ of r.body);
          };
      const t = nowMs();
      await Promise.all(
        Array.from({ length: c }, async () => {
          for (let i = 0; i < perClient; i++) await one();
        }),
      );
      const s = (nowMs() - t) / 1000;
      rows.push({ kind, clients: c, rps: (c * perClient) / s, rssMb: process.memoryUsage().rss / 2 ** 20 });
    }
  }
  await agent.close();
  await emu.close();
  return rows;
}

const describe = (name, f, target) => {
  const pass = target === undefined ? "    " : f.ratio <= target ? "PASS" : "MISS";
  const limit = target === undefined ? "" : ` (target <= ${target}x)`;
  return (
    `${pass}  ${name}: SDK ${f.sdkMs.toFixed(3)} ms vs raw ${f.rawMs.toFixed(3)} ms per call; ` +
    `ratio median ${f.ratio.toFixed(3)}x, min ${f.min.toFixed(3)}x, max ${f.max.toFixed(3)}x ` +
    `over ${f.pairs} pairs of ${f.perPair} rounds${limit}; CPU ratio median ${f.cpu.median.toFixed(3)}x ` +
    `(min ${f.cpu.min.toFixed(3)}x, max ${f.cpu.max.toFixed(3)}x)`
  );
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const r = await sdkVsRaw();
  console.log(describe("6. control-plane read (repos.get)", r.read, TARGETS.readRatio));
  console.log(
    describe(`6. generateStream, ${r.tokens}-token stream, no token delay`, r.stream, TARGETS.streamRatio),
  );
  console.log(describe(`6. generateStream, tokens ${r.slowTokenMs} ms apart`, r.slow));
  const miss = r.read.ratio > TARGETS.readRatio || r.stream.ratio > TARGETS.streamRatio;
  process.exitCode = miss ? 1 : 0;
}
