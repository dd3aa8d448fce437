import { afterEach } from "vitest";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../emulator/index.js";

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers and assert on them
export type Json = any;

export interface Answer {
  status: number;
  body: Json;
  text: string;
  headers: Headers;
}

const running: RunningEmulator[] = [];

/**
 * Starts an emulator on a free port, closed automatically after the test. Manual clock unless
 * told. These suites send the seed's shapes (`/v2/...` after `apiUrl`, snake_case), so the wire
 * format is `spec` unless told; platform-format behaviour is covered in test/contract/ and in the
 * `*-platform.test.ts` files here.
 */
export async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator({ clock: "manual", wire: "spec", ...options });
  running.push(emulator);
  return emulator;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

export interface CallOptions {
  /** Defaults to the emulator's token; null sends no Authorization header. */
  token?: string | null;
  /** Raw body text instead of JSON. */
  raw?: string;
}

/** One real HTTP exchange against an absolute URL. */
export async function request(
  emulator: RunningEmulator,
  method: string,
  url: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<Answer> {
  const token = options.token === undefined ? emulator.apiToken : options.token;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const res = await fetch(url, { method, headers, body: payload });
  const text = await res.text();
  let parsed: Json;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** Control plane: `path` after `/v2`. */
export const api = (
  e: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
  options?: CallOptions,
) => request(e, method, `${e.apiUrl}${path}`, body, options);

/** Data plane: `path` after `/{tenant}/deployments/v2/llms/{deployment}`. */
export const serving = (
  e: RunningEmulator,
  deployment: string,
  method: string,
  path: string,
  body?: unknown,
  options?: CallOptions & { tenant?: string },
) =>
  request(
    e,
    method,
    `${e.servingUrl}/${options?.tenant ?? e.tenantId}/deployments/v2/llms/${deployment}${path}`,
    body,
    options,
  );

/** Admin endpoints: `path` after `/__emulator`, never authenticated. */
export const admin = (e: RunningEmulator, method: string, path: string, body?: unknown) =>
  request(e, method, `${e.controlUrl}${path}`, body, { token: null });

/** A ready deployment (and, optionally, a repo with trained versions) inserted directly. */
export function seedReady(
  e: RunningEmulator,
  name = "llm",
  baseModel = "llama-3-1-8b-instruct",
  minReplicas = 0,
) {
  return e.control.seed({
    deployments: [{ name, base_model: baseModel, status: "ready", min_replicas: minReplicas }],
  });
}

export function seedAdapter(
  e: RunningEmulator,
  repo = "support",
  baseModel = "llama-3-1-8b-instruct",
  tags = [1],
) {
  return e.control.seed({
    repos: [{ name: repo, versions: tags.map((tag) => ({ tag, base_model: baseModel })) }],
  });
}

/** SSE body → the payloads after `data:` (framing is asserted separately where it matters). */
export function sseData(text: string): string[] {
  return text
    .split("\n\n")
    .filter((block) => block !== "")
    .map((block) => {
      if (!block.startsWith("data:")) throw new Error(`not an SSE data event: ${JSON.stringify(block)}`);
      return block.slice("data:".length);
    });
}
