import { CLOCK_MODES, type ClockMode } from "../core/clock.js";
import { WIRE_FORMATS, type WireFormat } from "../core/wire.js";
import type { EmulatorOptions } from "../options.js";

/** Each flag, the env variable that stands in for it, and how to read its value. */
const FLAGS = {
  port: { env: "PREDIBASE_EMULATOR_PORT", key: "port", kind: "int" },
  host: { env: "PREDIBASE_EMULATOR_HOST", key: "host", kind: "string" },
  token: { env: "PREDIBASE_EMULATOR_TOKEN", key: "apiToken", kind: "string" },
  tenant: { env: "PREDIBASE_EMULATOR_TENANT", key: "tenantId", kind: "string" },
  "time-scale": { env: "PREDIBASE_EMULATOR_TIME_SCALE", key: "timeScale", kind: "number" },
  clock: { env: "PREDIBASE_EMULATOR_CLOCK", key: "clock", kind: "clock" },
  "state-file": { env: "PREDIBASE_EMULATOR_STATE_FILE", key: "stateFile", kind: "string" },
  "token-latency-ms": { env: "PREDIBASE_EMULATOR_TOKEN_LATENCY_MS", key: "tokenLatencyMs", kind: "number" },
  "sse-keep-alive-ms": { env: "PREDIBASE_EMULATOR_SSE_KEEP_ALIVE_MS", key: "sseKeepAliveMs", kind: "number" },
  seed: { env: "PREDIBASE_EMULATOR_SEED", key: "seed", kind: "int" },
  "log-requests": { env: "PREDIBASE_EMULATOR_LOG_REQUESTS", key: "logRequests", kind: "bool" },
  wire: { env: "PREDIBASE_EMULATOR_WIRE", key: "wire", kind: "wire" },
} as const;

type FlagName = keyof typeof FLAGS;

export const USAGE = `Usage: predibase-emulator [options]

A local Predibase (control plane + data plane) on one port.

${Object.entries(FLAGS)
  .map(([flag, f]) => `  --${flag.padEnd(18)} (env ${f.env})`)
  .join("\n")}
  --help               show this text`;

export class UsageError extends Error {}

/** Options from flags (`--port 8080` or `--port=8080`), falling back to env variables. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): EmulatorOptions | "help" {
  const given = new Map<FlagName, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help" || arg === "-h") return "help";
    const [name, inline] = arg.startsWith("--") ? arg.slice(2).split(/=(.*)/s) : [undefined, undefined];
    if (name === undefined || !(name in FLAGS)) throw new UsageError(`unknown argument "${arg}"`);
    const flag = name as FlagName;
    if (FLAGS[flag].kind === "bool" && inline === undefined) given.set(flag, "true");
    else {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${flag} needs a value`);
      given.set(flag, value);
    }
  }
  const options: Record<string, unknown> = {};
  for (const [flag, spec] of Object.entries(FLAGS) as [FlagName, (typeof FLAGS)[FlagName]][]) {
    const raw = given.get(flag) ?? env[spec.env];
    if (raw === undefined || raw === "") continue;
    options[spec.key] = convert(flag, spec.kind, raw);
  }
  return options as EmulatorOptions;
}

function convert(flag: string, kind: string, raw: string): unknown {
  if (kind === "string") return raw;
  if (kind === "bool") return ["1", "true", "yes"].includes(raw.toLowerCase());
  if (kind === "clock") {
    if (!CLOCK_MODES.includes(raw as ClockMode))
      throw new UsageError(`--${flag} must be one of ${CLOCK_MODES.join(", ")}`);
    return raw;
  }
  if (kind === "wire") {
    if (!WIRE_FORMATS.includes(raw as WireFormat))
      throw new UsageError(`--${flag} must be one of ${WIRE_FORMATS.join(", ")}`);
    return raw;
  }
  const n = Number(raw);
  if (!Number.isFinite(n) || (kind === "int" && !Number.isInteger(n))) {
    throw new UsageError(`--${flag} must be ${kind === "int" ? "an integer" : "a number"}; got "${raw}"`);
  }
  return n;
}
