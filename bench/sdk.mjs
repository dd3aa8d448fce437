// Figure 6: the SDK against raw undici on the same emulator (in this process, loopback), call by
// call: each iteration runs every variant once, in alternating order, so drift on the shared machine
// hits all alike; the figure is the median time per call.
import { startEmulator } from "pulumi-predibase/emulator";
import { Predibase } from "pulumi-predibase/sdk";
import { Agent, request } from "undici";
import { median, nowMs } from "./stacks.mjs";

const MODEL = "llama-3-2-1b-instruct";

/** Runs each variant `n` times interleaved (after a warm-up) and returns the median ms of each. */
async function interleaved(variants, n, warmup = Math.min(200, n)) {
  const entries = Object.entries(variants);
  for (let i = 0; i < warmup; i++) for (const [, fn] of entries) await fn();
  const times = Object.fromEntries(entries.map(([k]) => [k, []]));
  for (let i = 0; i < n; i++) {
    for (const [k, fn] of i % 2 === 0 ? entries : [...entries].reverse()) {
      const t = nowMs();
      await fn();
      times[k].push(nowMs() - t);
    }
  }
  return Object.fromEntries(entries.map(([k]) => [k, median(times[k])]));
}

async function setup(emulatorOptions) {
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
  const dispose = async () => {
    await client.close();
    await agent.close();
    await emu.close();
  };
  return { emu, client, agent, headers, dispose };
}

/** The emulator's text has a natural length per prompt (6-45 tokens): take the longest of 100 prompts. */
async function longestPrompt(client) {
  let best = { prompt: "", tokens: 0 };
  for (let i = 0; i < 100; i++) {
    const prompt = `benchmark prompt ${i}`;
    const r = await client
      .deployment("bench-llm")
      .generate({ inputs: prompt, parameters: { max_new_tokens: 1000, details: true } });
    if (r.details.generated_tokens > best.tokens) best = { prompt, tokens: r.details.generated_tokens };
  }
  return best;
}

/** The three ways to read one /generate_stream; each returns the number of token events. */
function streamReaders({ emu, client, agent, headers }, prompt) {
  const body = JSON.stringify({ inputs: prompt, parameters: { max_new_tokens: 1000 } });
  const url = `${emu.servingUrl}/${emu.tenantId}/deployments/v2/llms/bench-llm/generate_stream`;
  const open = () => request(url, { method: "POST", headers, body, dispatcher: agent });
  return {
    // The floor the issue names: the raw SSE body, read to its end.
    rawBody: async () => {
      const r = await open();
      let events = 0;
      for await (const chunk of r.body) events += chunk.toString("latin1").split("data:").length - 1;
      return events;
    },
    // The least any consumer of tokens does: split the events and parse each one's JSON.
    rawParsed: async () => {
      const r = await open();
      r.body.setEncoding("utf8");
      let buffer = "";
      let events = 0;
      for await (const chunk of r.body) {
        buffer += chunk;
        let end = buffer.indexOf("\n\n");
        while (end !== -1) {
          const token = JSON.parse(buffer.slice(5, end)).token;
          if (token) events++;
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
        }
      }
      return events;
    },
    sdk: async () => {
      let events = 0;
      const stream = await client
        .deployment("bench-llm")
        .generateStream({ inputs: prompt, parameters: { max_new_tokens: 1000 } });
      for await (const ev of stream) if (ev.token) events++;
      return events;
    },
  };
}

export async function sdkVsRaw({ reads = 3000, streams = 1500, slowStreams = 12, slowTokenMs = 5 } = {}) {
  const env = await setup();
  let fast;
  let read;
  let prompt;
  try {
    const { emu, client, agent, headers } = env;
    read = await interleaved(
      {
        raw: async () =>
          (await request(`${emu.apiUrl}/repos/bench`, { headers, dispatcher: agent })).body.json(),
        sdk: () => client.repos.get("bench"),
      },
      reads,
    );
    prompt = await longestPrompt(client);
    const readers = streamReaders(env, prompt.prompt);
    for (const [name, fn] of Object.entries(readers)) {
      const n = await fn();
      if (n !== prompt.tokens) throw new Error(`${name} read ${n} token events, expected ${prompt.tokens}`);
    }
    fast = await interleaved(readers, streams);
  } finally {
    await env.dispose();
  }
  // The same stream when the server paces tokens (slowTokenMs apart: a fast model): the SDK's
  // per-event work hides behind the wait for the next token.
  const slowEnv = await setup({ tokenLatencyMs: slowTokenMs });
  let slow;
  try {
    const { rawBody, sdk } = streamReaders(slowEnv, prompt.prompt);
    slow = await interleaved({ rawBody, sdk }, slowStreams, 2);
  } finally {
    await slowEnv.dispose();
  }
  const tps = (ms) => (prompt.tokens * 1000) / ms;
  return {
    readRawMs: read.raw,
    readSdkMs: read.sdk,
    readRatio: read.sdk / read.raw,
    tokens: prompt.tokens,
    streamMs: fast,
    tps: { rawBody: tps(fast.rawBody), rawParsed: tps(fast.rawParsed), sdk: tps(fast.sdk) },
    streamRatio: fast.sdk / fast.rawBody,
    streamRatioParsed: fast.sdk / fast.rawParsed,
    slowTokenMs,
    slowTps: { rawBody: tps(slow.rawBody), sdk: tps(slow.sdk) },
    slowRatio: slow.sdk / slow.rawBody,
  };
}
