import type { ClockMode } from "./core/clock.js";
import { CLOCK_MODES } from "./core/clock.js";
import { newApiToken } from "./core/ids.js";
import { WIRE_FORMATS, type WireFormat } from "./core/wire.js";
import { type Durations, mergeDurations } from "./lifecycle/durations.js";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the emulator is for this machine only. */
  host?: string;
  /** Default `pb_emulator_` + 32 random hex chars. */
  apiToken?: string;
  /** Default `tenant-local`. */
  tenantId?: string;
  /** Extra tokens, each with its own tenant namespace: `{ [token]: tenantId }`. */
  tenants?: Record<string, string>;
  /** Emulated seconds per real second in `scaled` mode (default 200). */
  timeScale?: number;
  /** Default `scaled`. */
  clock?: ClockMode;
  /** Persist state here (atomically, after every change) and reload it on start. */
  stateFile?: string;
  /** Override lifecycle phase durations, in emulated seconds. */
  durations?: Partial<Durations>;
  /** Real milliseconds between streamed tokens (default 0). */
  tokenLatencyMs?: number;
  /** Real milliseconds of stream silence before a `:` keep-alive comment (default 15000, as LoRAX). */
  sseKeepAliveMs?: number;
  /** Seed of the PRNG that rolls probabilistic faults (default 1). */
  seed?: number;
  /** Print one line per platform request to stderr. */
  logRequests?: boolean;
  /**
   * Which wire format the control plane speaks: `platform` (default, what the live service sends,
   * docs/platform-wire.md) or `spec` (the seed's flat snake_case shapes, spec/predibase-openapi.yaml).
   */
  wire?: WireFormat;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  apiToken: string;
  tenantId: string;
  tenants: Record<string, string>;
  timeScale: number;
  clock: ClockMode;
  stateFile: string | undefined;
  durations: Durations;
  tokenLatencyMs: number;
  sseKeepAliveMs: number;
  seed: number;
  logRequests: boolean;
  wire: WireFormat;
}

/** Defaults plus a check of every option, so a typo fails at start rather than mid-test. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const resolved: ResolvedOptions = {
    port: options.port ?? 0,
    host: options.host ?? "127.0.0.1",
    apiToken: options.apiToken ?? newApiToken(),
    tenantId: options.tenantId ?? "tenant-local",
    tenants: { ...(options.tenants ?? {}) },
    timeScale: options.timeScale ?? 200,
    clock: options.clock ?? "scaled",
    stateFile: options.stateFile,
    durations: mergeDurations(options.durations),
    tokenLatencyMs: options.tokenLatencyMs ?? 0,
    sseKeepAliveMs: options.sseKeepAliveMs ?? 15_000,
    seed: options.seed ?? 1,
    logRequests: options.logRequests ?? false,
    wire: options.wire ?? "platform",
  };
  const fail = (message: string): never => {
    throw new Error(`startEmulator: ${message}`);
  };
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65535)
    fail("port must be 0-65535");
  if (!(resolved.timeScale > 0)) fail("timeScale must be > 0");
  if (!CLOCK_MODES.includes(resolved.clock)) fail(`clock must be one of ${CLOCK_MODES.join(", ")}`);
  if (!(resolved.tokenLatencyMs >= 0)) fail("tokenLatencyMs must be >= 0");
  if (!(resolved.sseKeepAliveMs > 0)) fail("sseKeepAliveMs must be > 0");
  if (!WIRE_FORMATS.includes(resolved.wire)) fail(`wire must be one of ${WIRE_FORMATS.join(", ")}`);
  if (!Number.isInteger(resolved.seed)) fail("seed must be an integer");
  if (!/^\S+$/.test(resolved.apiToken)) fail("apiToken must be a non-empty string without spaces");
  for (const tenant of [resolved.tenantId, ...Object.values(resolved.tenants)]) {
    // The tenant is a URL segment on the data plane; "v1", "v2" and "__emulator" are taken.
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(tenant) || ["v1", "v2", "__emulator"].includes(tenant)) {
      fail(`tenant id "${tenant}" must be a plain URL segment (letters, digits, - _ .)`);
    }
  }
  return resolved;
}
