// A loopback HTTP proxy in front of the emulator for what its own fault injector cannot do:
//   "response": the platform handles the call at once, but its answer arrives late;
//   "request":  the platform handles the call late, even after the client gave up on it
//               (the emulator's `delay` waits before handling and drops a request whose client left);
//   "rewrite":  the platform answers, and the proxy changes the JSON body (a response that fails
//               the client's validation, a status string the client has never seen).
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";

export interface SlowRule {
  method: string;
  path: RegExp;
  mode: "response" | "request" | "rewrite";
  delayMs: number;
  /** How many matching calls are hit. */
  count: number;
  /** For "rewrite": the new body, from the parsed original. */
  rewrite?: (body: unknown) => unknown;
  /** Calls this rule hit so far (the proxy counts). */
  hits?: number;
}

export interface SlowProxy {
  url: string;
  rules: SlowRule[];
  /** Resolves when every call the proxy forwarded has been answered upstream. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function slowProxy(target: string): Promise<SlowProxy> {
  const upstream = new URL(target);
  const rules: SlowRule[] = [];
  const inFlight = new Set<Promise<unknown>>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rule = rules.find((r) => r.count > 0 && r.method === req.method && r.path.test(req.url ?? ""));
      if (rule) {
        rule.count--;
        rule.hits = (rule.hits ?? 0) + 1;
      }
      const work = (async () => {
        if (rule?.mode === "request") await sleep(rule.delayMs);
        const answer = await forward(req, Buffer.concat(chunks));
        if (rule?.mode === "response") await sleep(rule.delayMs);
        if (rule?.mode === "rewrite" && rule.rewrite) {
          answer.body = Buffer.from(JSON.stringify(rule.rewrite(JSON.parse(answer.body.toString("utf8")))));
          delete answer.headers["content-length"];
        }
        if (res.destroyed || res.writableEnded) return; // the client gave up
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      })().catch(() => {
        if (!res.destroyed) res.destroy();
      });
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    });
  });

  function forward(
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: upstream.host };
      const out = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (r) => {
          const parts: Buffer[] = [];
          r.on("data", (c: Buffer) => parts.push(c));
          r.on("end", () => {
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(r.headers)) {
              if (typeof v === "string" && k !== "connection" && k !== "transfer-encoding") h[k] = v;
            }
            resolve({ status: r.statusCode ?? 502, headers: h, body: Buffer.concat(parts) });
          });
          r.on("error", reject);
        },
      );
      out.on("error", reject);
      out.end(body);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/+$/, "")}`,
    rules,
    settled: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
