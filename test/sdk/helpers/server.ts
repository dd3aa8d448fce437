import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request as the test server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
}

export type Handler = (req: SeenRequest, res: ServerResponse, index: number) => void | Promise<void>;

/**
 * A real HTTP server on 127.0.0.1 for transport edge cases the emulator cannot produce (a stream
 * cut mid-event, malformed SSE, a body that is not JSON). `index` counts requests from 0.
 */
export async function startTestServer(handler: Handler) {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const closedConnections: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const seen: SeenRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      };
      const index = requests.push(seen) - 1;
      res.on("close", () => closedConnections.push(index));
      Promise.resolve(handler(seen, res, index)).catch((err: unknown) => {
        res.destroy(err instanceof Error ? err : new Error(String(err)));
      });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Indexes of requests whose response stream closed (finished or destroyed). */
    closedConnections,
    async close(): Promise<void> {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "x-request-id": "req_test", ...headers });
  res.end(text);
}

export function sseHead(res: ServerResponse): void {
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    "x-request-id": "req_sse",
  });
}

export const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A deployment object as the contract shapes it. */
export function deployment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uuid: "8f2c",
    name: "my-llm",
    base_model: "qwen3-8b",
    accelerator: "a10_24gb_100",
    min_replicas: 0,
    max_replicas: 1,
    current_replicas: 0,
    status: "pending",
    description: null,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    error: null,
    ...overrides,
  };
}
