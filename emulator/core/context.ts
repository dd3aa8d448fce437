import type { IncomingHttpHeaders } from "node:http";
import type { FailureRegistry } from "../failures.js";
import type { FaultInjector } from "../faults.js";
import type { RequestLog } from "../http/request-log.js";
import type { Durations } from "../lifecycle/durations.js";
import type { Store } from "../state/store.js";
import type { TenantState } from "../state/tenant.js";
import type { Clock, Now } from "./clock.js";
import type { WireFormat } from "./wire.js";

/** Everything a running emulator holds; handlers and the control API share this one object. */
export interface EmulatorCore {
  readonly clock: Clock;
  readonly store: Store;
  readonly faults: FaultInjector;
  readonly failures: FailureRegistry;
  readonly log: RequestLog;
  readonly durations: Durations;
  /** token → tenant id. */
  readonly tokens: ReadonlyMap<string, string>;
  readonly defaultTenant: string;
  readonly tokenLatencyMs: number;
  /** Idle stream time before a `:` keep-alive comment (StreamReply.keepAliveMs). */
  readonly sseKeepAliveMs: number;
  /** The control plane's wire format (see core/wire.ts). */
  readonly wire: WireFormat;
  /** Files PUT to the emulator's own presigned URLs (`/__uploads/<object>`), by object name. */
  readonly uploads: Map<string, Buffer>;
  /** `http://HOST:PORT`, known once listening: presigned and download URLs point here. */
  baseUrl: string;
}

/** One authenticated platform call, as a handler sees it. */
export interface Call {
  readonly core: EmulatorCore;
  readonly tenant: TenantState;
  /** Read once per call so every status in one answer is computed at the same instant. */
  readonly now: Now;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly headers: IncomingHttpHeaders;
}
