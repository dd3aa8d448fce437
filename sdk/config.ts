import { PredibaseConfigError } from "./errors.js";
import { parseWireFormat, type WireFormat } from "./wire/format.js";

/** Options of `new Predibase(...)`. Every field falls back to an environment variable or a default. */
export interface PredibaseOptions {
  /** API token (`pb_…`); else `PREDIBASE_API_TOKEN`. Required. */
  apiToken?: string | undefined;
  /** Control-plane base URL; else `PREDIBASE_API_URL`; default `https://api.app.predibase.com/v2`. */
  apiUrl?: string | undefined;
  /** Serving host; else `PREDIBASE_SERVING_URL`; default `https://serving.app.predibase.com`. */
  servingUrl?: string | undefined;
  /**
   * Tenant short code used in serving URLs; else `PREDIBASE_TENANT_ID`; else discovered once from
   * `GET /v1/users/current` when the data plane first needs it.
   */
  tenantId?: string | undefined;
  /**
   * `platform` (default): the live Predibase API's shapes; `spec`: the seed's flat snake_case
   * shapes. Else `PREDIBASE_WIRE_FORMAT`. Methods return the same objects in both.
   */
  wireFormat?: WireFormat | undefined;
  /** Per-attempt timeout in ms (until headers for streams). Default 60 000. */
  timeout?: number | undefined;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number | undefined;
  /** Longest silence allowed between two chunks of a stream, in ms. Default 60 000. */
  streamIdleTimeout?: number | undefined;
  /** Receives one line per request, retry and adoption. Never receives the token. */
  logger?: ((line: string) => void) | undefined;
}

/** The options after resolution, minus the token (which only the transport keeps). */
export interface ResolvedConfig {
  apiUrl: string;
  /** `apiUrl` without a trailing `/v1` or `/v2`: every request path starts with its version. */
  gatewayUrl: string;
  wireFormat: WireFormat;
  servingUrl: string;
  tenantId: string | undefined;
  timeout: number;
  maxRetries: number;
  streamIdleTimeout: number;
  logger: ((line: string) => void) | undefined;
}

export const DEFAULT_API_URL = "https://api.app.predibase.com/v2";
export const DEFAULT_SERVING_URL = "https://serving.app.predibase.com";

type Env = Record<string, string | undefined>;

/** Explicit options first, then the environment, then defaults. Throws PredibaseConfigError. */
export function resolveConfig(
  options: PredibaseOptions,
  env: Env = process.env,
): { config: ResolvedConfig; apiToken: string } {
  const apiToken = pick(options.apiToken, env.PREDIBASE_API_TOKEN);
  if (!apiToken) {
    throw new PredibaseConfigError(
      "No Predibase API token: pass `apiToken` to new Predibase({ apiToken }) or set the " +
        "PREDIBASE_API_TOKEN environment variable (create a token under Settings in the Predibase console).",
      "apiToken",
      "PREDIBASE_API_TOKEN",
    );
  }
  const apiUrl = url(
    "apiUrl",
    "PREDIBASE_API_URL",
    pick(options.apiUrl, env.PREDIBASE_API_URL) ?? DEFAULT_API_URL,
  );
  const config: ResolvedConfig = {
    apiUrl,
    gatewayUrl: gatewayOf(apiUrl),
    wireFormat: parseWireFormat(pick(options.wireFormat, env.PREDIBASE_WIRE_FORMAT)),
    servingUrl: url(
      "servingUrl",
      "PREDIBASE_SERVING_URL",
      pick(options.servingUrl, env.PREDIBASE_SERVING_URL) ?? DEFAULT_SERVING_URL,
    ),
    tenantId: pick(options.tenantId, env.PREDIBASE_TENANT_ID),
    timeout: positive("timeout", options.timeout, 60_000),
    maxRetries: retries(options.maxRetries),
    streamIdleTimeout: positive("streamIdleTimeout", options.streamIdleTimeout, 60_000),
    logger: options.logger,
  };
  return { config, apiToken };
}

/**
 * The gateway, as the official client derives it (docs/platform-wire.md §1, Base URL): one trailing
 * `/v1` or `/v2` is stripped, and each request names its own version (`/v2/deployments`,
 * `/v1/users/current`). `https://api.app.predibase.com/v2` and `https://api.app.predibase.com`
 * therefore mean the same.
 */
export function gatewayOf(apiUrl: string): string {
  return apiUrl.replace(/\/v[12]$/, "");
}

// An empty string (e.g. `PREDIBASE_API_URL=` in a shell) counts as unset.
function pick(explicit: string | undefined, fromEnv: string | undefined): string | undefined {
  const value = explicit?.trim() || fromEnv?.trim();
  return value ? value : undefined;
}

function url(option: string, envVar: string, value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new PredibaseConfigError(
      `Invalid ${option} "${value}": expected an absolute http(s) URL (option \`${option}\` or ${envVar}).`,
      option,
      envVar,
    );
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new PredibaseConfigError(
      `Invalid ${option} "${value}": only http and https are supported (option \`${option}\` or ${envVar}).`,
      option,
      envVar,
    );
  }
  return value.replace(/\/+$/, "");
}

function positive(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new PredibaseConfigError(`Invalid ${option} ${value}: expected a positive number of ms.`, option);
  }
  return value;
}

function retries(value: number | undefined): number {
  if (value === undefined) return 2;
  if (!Number.isInteger(value) || value < 0) {
    throw new PredibaseConfigError(`Invalid maxRetries ${value}: expected an integer ≥ 0.`, "maxRetries");
  }
  return value;
}
