import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { createControl } from "./admin/control.js";
import type { EmulatorControl } from "./admin/control-api.js";
import { Clock } from "./core/clock.js";
import type { EmulatorCore } from "./core/context.js";
import type { WireFormat } from "./core/wire.js";
import { FailureRegistry } from "./failures.js";
import { FaultInjector } from "./faults.js";
import { handleRequest } from "./http/pipeline.js";
import { RequestLog } from "./http/request-log.js";
import { handleUpgrade } from "./http/websocket.js";
import { type EmulatorOptions, resolveOptions } from "./options.js";
import { Store } from "./state/store.js";

export type {
  EmulatorControl,
  FailureResult,
  SeedInput,
  StateSnapshot,
  TenantSnapshot,
} from "./admin/control-api.js";
export { ACCELERATORS, type Accelerator, findAccelerator } from "./catalogue/accelerators.js";
export { type AdapterType, type FinetuningTask, findModel, MODELS, type Model } from "./catalogue/models.js";
export type { ClockInfo, ClockMode } from "./core/clock.js";
export { WIRE_FORMATS, type WireFormat } from "./core/wire.js";
export type { FailureSpec, PendingFailure } from "./failures.js";
export type { FaultInfo, FaultKind, FaultRule, Plane } from "./faults.js";
export type { RequestLogEntry } from "./http/request-log.js";
export { DEFAULT_DURATIONS, type Durations, LIFECYCLES } from "./lifecycle/durations.js";
export type { EmulatorOptions } from "./options.js";

export interface RunningEmulator {
  /** Control plane base, `http://127.0.0.1:PORT/v2`. */
  apiUrl: string;
  /** Data plane base, `http://127.0.0.1:PORT` (then `/{tenant}/deployments/v2/llms/{name}`). */
  servingUrl: string;
  /** `http://127.0.0.1:PORT/__emulator`. */
  controlUrl: string;
  tenantId: string;
  apiToken: string;
  /** The control plane's wire format: `platform` (default) or `spec`. */
  wire: WireFormat;
  port: number;
  control: EmulatorControl;
  /** Stops listening, drops open connections and writes the state file one last time. */
  close(): Promise<void>;
}

/** Starts a local, stateful Predibase (control plane + data plane) on one port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const opts = resolveOptions(options);
  const clock = new Clock(opts.clock, opts.timeScale);
  const store = new Store(clock, opts.stateFile);
  store.load();
  const core: EmulatorCore = {
    clock,
    store,
    faults: new FaultInjector(opts.seed),
    failures: new FailureRegistry(),
    log: new RequestLog(),
    durations: opts.durations,
    tokens: new Map([...Object.entries(opts.tenants), [opts.apiToken, opts.tenantId]]),
    defaultTenant: opts.tenantId,
    tokenLatencyMs: opts.tokenLatencyMs,
    sseKeepAliveMs: opts.sseKeepAliveMs,
    wire: opts.wire,
    uploads: new Map(),
    baseUrl: "",
  };
  const control = createControl(core);
  const server = createServer((req, res) => {
    handleRequest(core, control, req, res, opts.logRequests).catch((err: unknown) => {
      console.error("[predibase-emulator] request failed:", err);
      res.destroy();
    });
  });
  const upgraded = new Set<Duplex>();
  server.on("upgrade", (req, socket) => {
    upgraded.add(socket);
    socket.once("close", () => upgraded.delete(socket));
    handleUpgrade(core, req, socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://${opts.host.includes(":") ? `[${opts.host}]` : opts.host}:${port}`;
  core.baseUrl = base;
  let closing: Promise<void> | undefined;
  return {
    apiUrl: `${base}/v2`,
    servingUrl: base,
    controlUrl: `${base}/__emulator`,
    tenantId: opts.tenantId,
    apiToken: opts.apiToken,
    wire: opts.wire,
    port,
    control,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
      }).then(() => {
        store.markDirty();
        store.flush();
      });
      return closing;
    },
  };
}
