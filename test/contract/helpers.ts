import { afterEach } from "vitest";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../emulator/index.js";

// biome-ignore lint/suspicious/noExplicitAny: contract tests read arbitrary JSON answers and assert on them
export type Json = any;

export interface Answer {
  status: number;
  body: Json;
  text: string;
  headers: Headers;
  bytes: Buffer;
}

const running: RunningEmulator[] = [];

/** An emulator in its default (platform) wire format, manual clock, closed after the test. */
export async function platform(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator({ clock: "manual", ...options });
  running.push(emulator);
  return emulator;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

export interface Send {
  /** Defaults to the emulator's token; null sends none. */
  token?: string | null;
  /** Raw body text (sent without a JSON content type, as `requests`' `data=` does). */
  raw?: string;
  headers?: Record<string, string>;
}

/**
 * One raw HTTP exchange with the gateway: `path` is the FULL path the official client sends
 * (`/v2/deployments`, `/v1/users/current`, `/users/current`), never the SDK.
 */
export async function call(
  e: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
  send: Send = {},
): Promise<Answer> {
  const token = send.token === undefined ? e.apiToken : send.token;
  const headers: Record<string, string> = { ...(send.headers ?? {}) };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const payload = send.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const res = await fetch(`${e.servingUrl}${path}`, { method, headers, body: payload });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString("utf8");
  let parsed: Json;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text, headers: res.headers, bytes };
}

/** A full deployment create body as the official SDK sends it: all 17 config keys, unset ones null. */
export function createBody(name: string, config: Record<string, unknown> = {}): Json {
  const keys = [
    "baseModel",
    "accelerator",
    "quantization",
    "usesGuaranteedCapacity",
    "customArgs",
    "preloadedAdapters",
    "cooldownTime",
    "hfToken",
    "minReplicas",
    "maxReplicas",
    "scaleUpRequestThreshold",
    "maxTotalTokens",
    "loraxImageTag",
    "requestLoggingEnabled",
    "directIngress",
    "speculator",
    "prefixCaching",
  ];
  const full: Record<string, unknown> = Object.fromEntries(keys.map((k) => [k, null]));
  return { name, description: "", config: { ...full, baseModel: "qwen3-8b", ...config } };
}

/** A dataset uploaded the way the official client does it (presign, PUT, register), then connected. */
export async function uploadDataset(
  e: RunningEmulator,
  name: string,
  content = '{"prompt":"a","completion":"b"}\n',
) {
  const presign = await call(e, "POST", "/datasets/get_presigned_url", undefined, {
    raw: JSON.stringify({
      mime_type: "application/jsonl",
      expiry_seconds: 3600,
      artifact_type: "ARTIFACT_TYPE_DATASET",
    }),
  });
  await fetch(presign.body.url, { method: "PUT", body: content, headers: { "content-type": "text/plain" } });
  const registered = await call(e, "POST", "/datasets/register_uploaded_file", {
    dataset_name: name,
    object_name: presign.body.object_name,
    file_name: `${name}.jsonl`,
  });
  e.control.advance(10);
  return registered;
}

/** Seeds a ready deployment through the control API (the contract under test is the HTTP surface). */
export function seedReady(e: RunningEmulator, name = "llm", baseModel = "qwen3-8b") {
  e.control.seed({ deployments: [{ name, base_model: baseModel, status: "ready", min_replicas: 1 }] });
}

/** A repo, an uploaded dataset and a fine-tuning job created over HTTP as the official SDK does. */
export async function createJob(e: RunningEmulator, repo = "rp", dataset = "ds", params: Json = {}) {
  await call(e, "POST", "/v2/repos", { name: repo, description: null, existsOk: true });
  if ((await call(e, "GET", `/v1/datasets/name/${dataset}?connectionName=file_uploads`)).status === 404) {
    await uploadDataset(e, dataset);
  }
  return call(e, "POST", "/v2/finetuning/jobs", {
    params: { base_model: "qwen3-8b", ...params },
    dataset,
    continueFromVersion: null,
    repo,
    description: null,
  });
}

/** Opens a WebSocket with the bearer token on the handshake; resolves the text frames and how it ended. */
export function websocket(
  e: RunningEmulator,
  path: string,
  token: string | null = e.apiToken,
  /** Close as soon as the handshake succeeds (for a stream that would not end on its own). */
  closeOnOpen = false,
): Promise<{ frames: Json[]; opened: boolean; closeCode: number | null }> {
  const url = `${e.servingUrl.replace(/^http/, "ws")}${path}`;
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  // Node's WebSocket (undici) takes handshake headers as the official client's `websockets` does.
  const ws = new WebSocket(url, { headers } as unknown as string[]);
  const frames: Json[] = [];
  let opened = false;
  return new Promise((resolve) => {
    ws.onopen = () => {
      opened = true;
      if (closeOnOpen) ws.close(1000);
    };
    ws.onmessage = (m) => frames.push(JSON.parse(String(m.data)));
    ws.onclose = (c) => resolve({ frames, opened, closeCode: opened ? c.code : null });
    ws.onerror = () => {
      if (!opened) resolve({ frames, opened, closeCode: null });
    };
  });
}
