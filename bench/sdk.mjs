// Figures 6 and 7: the SDK against raw undici on the same emulator (a control-plane read, and
// streamed generation), and the emulator's own throughput and memory under concurrent clients.

import { startEmulator } from "pulumi-predibase/emulator";
import { Predibase } from "pulumi-predibase/sdk";
import { Agent, request } from "undici";
import { median } from "./stacks.mjs";

async function timeEach(n, fn) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

export async function sdkVsRaw() {
  const emu = await startEmulator({ clock: "immediate" });
  const client = new Predibase({
    apiToken: emu.apiToken,
    apiUrl: emu.apiUrl,
    servingUrl: emu.servingUrl,
    tenantId: emu.tenantId,
  });
  await client.repos.create({ name: "bench" });
  await client.deployments.create({ name: "bench-llm", base_model: "llama-3-2-1b-instruct" });
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const headers = { authorization: `Bearer ${emu.apiToken}`, "content-type": "application/json" };
  const raw = async () => {
    const r = await request(`${emu.apiUrl}/repos/bench`, { headers, dispatcher: agent });
    await r.body.json();
  };
  const sdk = () => client.repos.get("bench");
  // Warm both, then alternate rounds so drift on a shared machine hits both alike.
  await timeEach(200, raw);
  await timeEach(200, sdk);
  const rawMs = [];
  const sdkMs = [];
  for (let round = 0; round < 5; round++) {
    rawMs.push(await timeEach(300, raw));
    sdkMs.push(await timeEach(300, sdk));
  }
  const tokens = 400;
  const body = JSON.stringify({ inputs: "benchmark the stream", parameters: { max_new_tokens: tokens } });
  const url = `${emu.servingUrl}/${emu.tenantId}/deployments/v2/llms/bench-llm/generate_stream`;
  const rawStream = async () => {
    const r = await request(url, { method: "POST", headers, body, dispatcher: agent });
    let n = 0;
    for await (const chunk of r.body) n += String(chunk).split("data:").length - 1;
    return n;
  };
  const sdkStream = async () => {
    let n = 0;
    for await (const _ of await client
      .deployment("bench-llm")
      .generateStream({ inputs: "benchmark the stream", parameters: { max_new_tokens: tokens } }))
      n++;
    return n;
  };
  const rawTps = [];
  const sdkTps = [];
  for (let round = 0; round < 5; round++) {
    for (const [fn, out] of [
      [rawStream, rawTps],
      [sdkStream, sdkTps],
    ]) {
      const t = process.hrtime.bigint();
      let n = 0;
      for (let i = 0; i < 10; i++) n += await fn();
      out.push(n / (Number(process.hrtime.bigint() - t) / 1e9));
    }
  }
  await client.close();
  await agent.close();
  await emu.close();
  return {
    requestRawMs: median(rawMs),
    requestSdkMs: median(sdkMs),
    requestRatio: median(sdkMs) / median(rawMs),
    streamRawTps: median(rawTps),
    streamSdkTps: median(sdkTps),
    streamRatio: median(rawTps) / median(sdkTps),
  };
}

export async function emulatorThroughput(concurrency = [1, 10, 100]) {
  const emu = await startEmulator({ clock: "immediate" });
  const setup = new Predibase({ apiToken: emu.apiToken, apiUrl: emu.apiUrl });
  await setup.repos.create({ name: "bench" });
  await setup.deployments.create({ name: "bench-llm", base_model: "llama-3-2-1b-instruct" });
  await setup.close();
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
      const t = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: c }, async () => {
          for (let i = 0; i < perClient; i++) await one();
        }),
      );
      const s = Number(process.hrtime.bigint() - t) / 1e9;
      rows.push({ kind, clients: c, rps: (c * perClient) / s, rssMb: process.memoryUsage().rss / 2 ** 20 });
    }
  }
  await agent.close();
  await emu.close();
  return rows;
}
