import { PredibaseConfigError } from "./errors.js";

/** Options of `new Predibase(...)`. Every field falls back to an environment variable or a default. */
export interface PredibaseOptions {
  /** API token (`pb_…`); else `PREDIBASE_API_TOKEN`. Required. */
  apiToken?: string | undefined;
  /** Control-plane base URL; else `PREDIBASE_API_URL`; default `https://api.app.predibase.com/v2`. */
  apiUrl?: string | undefined;
  /** Serving host; else `PREDIBASE_SERVING_URL`; default `https://serving.app.predibase.com`. */
  servingUrl?: string | undefined;
  /** Tenant short code used in serving URLs; else `PREDIBASE_TENANT_ID`. Only the data plane needs it. */
  tenantId?: string | undefined;
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
  const config: ResolvedConfig = {
    apiUrl: url(
      "apiUrl",
      "PREDIBASE_API_URL",
      pick(options.apiUrl, env.PREDIBASE_API_URL) ?? DEFAULT_API_URL,
    ),
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

/** The tenant is needed only to build serving URLs, so it is checked when the data plane is used. */
export function requireTenant(config: ResolvedConfig, deployment: string): string {
  if (config.tenantId) return config.tenantId;
  throw new PredibaseConfigError(
    `The data plane needs a tenant id to call deployment "${deployment}": pass \`tenantId\` to ` +
      "new Predibase({ tenantId }) or set PREDIBASE_TENANT_ID (Settings > My Profile in the Predibase console).",
    "tenantId",
    "PREDIBASE_TENANT_ID",
  );
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
