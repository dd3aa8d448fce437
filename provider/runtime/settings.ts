import { Predibase, PredibaseConfigError } from "../../sdk/index.js";

/** Connection settings: stack config (`predibase:*`, passed to configure) first, then PREDIBASE_*. */
interface Settings {
  apiToken?: string | undefined;
  apiUrl?: string | undefined;
  servingUrl?: string | undefined;
  tenantId?: string | undefined;
}

interface ConfigReader {
  get(key: string): string | undefined;
}

let fromStackConfig: Settings = {};
let cachedClient: { key: string; client: Predibase } | undefined;

/** Called by the dynamic-provider host with the stack's configuration, before any other method. */
export function configureFromStack(config: ConfigReader): void {
  fromStackConfig = {
    apiToken: config.get("predibase:apiToken"),
    apiUrl: config.get("predibase:apiUrl"),
    servingUrl: config.get("predibase:servingUrl"),
    tenantId: config.get("predibase:tenantId"),
  };
}

function resolved(): Settings {
  const env = process.env;
  return {
    apiToken: fromStackConfig.apiToken || env.PREDIBASE_API_TOKEN || undefined,
    apiUrl: fromStackConfig.apiUrl || env.PREDIBASE_API_URL || undefined,
    servingUrl: fromStackConfig.servingUrl || env.PREDIBASE_SERVING_URL || undefined,
    tenantId: fromStackConfig.tenantId || env.PREDIBASE_TENANT_ID || undefined,
  };
}

/**
 * The SDK client for the current settings, read at call time and never captured in state. One
 * client (one keep-alive connection pool) per process and settings.
 */
export function platform(): Predibase {
  const s = resolved();
  if (!s.apiToken) {
    throw new Error(
      "no Predibase API token: set it with `pulumi config set --secret predibase:apiToken <token>` " +
        "or the PREDIBASE_API_TOKEN environment variable",
    );
  }
  // The key identifies the settings without holding the token itself.
  const key = [s.apiUrl, s.servingUrl, s.tenantId, fingerprint(s.apiToken)].join("|");
  if (!cachedClient || cachedClient.key !== key) {
    cachedClient = { key, client: new Predibase(s) };
  }
  return cachedClient.client;
}

/**
 * What makes the settings unusable (no token, a malformed URL), or undefined. Local only: no
 * platform call. `cause` is the underlying message, `message` adds the stack-config fix.
 */
export function settingsProblem(): { cause: string; message: string } | undefined {
  try {
    platform();
    return undefined;
  } catch (err) {
    const cause = err instanceof Error ? err.message : String(err);
    if (!(err instanceof PredibaseConfigError)) return { cause, message: cause };
    const fix = `set \`pulumi config set predibase:${err.option} <value>\`${err.envVar ? ` or ${err.envVar}` : ""}`;
    return { cause, message: `${cause} Fix: ${fix}.` };
  }
}

/** Data-plane URLs of a deployment, or undefined ones when no tenant is configured. */
export function dataPlaneUrls(name: string): { openaiBaseUrl?: string; generateUrl?: string } {
  if (!resolved().tenantId) return {};
  const dep = platform().deployment(name);
  return { openaiBaseUrl: dep.openaiBaseUrl, generateUrl: `${dep.baseUrl}/generate` };
}

function fingerprint(token: string): string {
  let h = 2166136261;
  for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
}
