import { type PredibaseOptions, resolveConfig } from "../../sdk/config.js";
import { PredibaseConfigError } from "../../sdk/errors.js";
import type { Predibase } from "../../sdk/index.js";
import { DEFAULT_WIRE_FORMAT, WIRE_FORMATS, type WireFormat } from "../../sdk/wire/format.js";
import { callContext } from "./call-context.js";

/**
 * Connection settings, resolved in one place for resources (in the dynamic-provider process, from
 * the stack config the engine passes to configure) and functions (in the program, from
 * `pulumi.runtime.getConfig`): stack config `predibase:<key>` first, then the PREDIBASE_* variable.
 */
export interface Settings {
  apiToken?: string | undefined;
  apiUrl?: string | undefined;
  servingUrl?: string | undefined;
  tenantId?: string | undefined;
  wireFormat?: string | undefined;
}

/** Each setting's stack-config key (`predibase:<key>`) and environment variable. */
export const SETTINGS: Readonly<Record<keyof Settings, string>> = {
  apiToken: "PREDIBASE_API_TOKEN",
  apiUrl: "PREDIBASE_API_URL",
  servingUrl: "PREDIBASE_SERVING_URL",
  tenantId: "PREDIBASE_TENANT_ID",
  wireFormat: "PREDIBASE_WIRE_FORMAT",
};

/** Resolves every setting from a stack-config reader (`key` without the `predibase:` prefix), then the environment. */
export function resolveSettings(config: (key: string) => string | undefined): Settings {
  const out: Settings = {};
  for (const [key, envVar] of Object.entries(SETTINGS) as Array<[keyof Settings, string]>) {
    out[key] = config(key) || process.env[envVar] || undefined;
  }
  return out;
}

/** One client per settings (a plugin serving two tenants keeps both), never holding more than a few. */
const clientCache = new Map<string, Predibase>();
const MAX_CLIENTS = 8;

/**
 * The SDK's client class, loaded with the first client. A preview, or an `up` with nothing to
 * change, sends no request: the client's modules (zod and every wire schema, about half of the
 * modules the provider would load) are then never loaded, in the plugin or the dynamic-provider
 * host (test/plugin/lazy-modules.test.ts). A dynamic import, so the one module graph is shared
 * with the rest of the provider however it is run.
 */
let predibaseClass: typeof Predibase | undefined;
async function loadPredibase(): Promise<typeof Predibase> {
  predibaseClass ??= (await import("../../sdk/client.js")).Predibase;
  return predibaseClass;
}

/** The client options for these settings; throws when there is no token. */
function clientOptions(s: Settings): PredibaseOptions & { apiToken: string } {
  if (!s.apiToken) {
    throw new Error(
      "no Predibase API token: set it with `pulumi config set --secret predibase:apiToken <token>` " +
        "or the PREDIBASE_API_TOKEN environment variable",
    );
  }
  return {
    apiToken: s.apiToken,
    apiUrl: s.apiUrl,
    servingUrl: s.servingUrl,
    tenantId: s.tenantId,
    wireFormat: s.wireFormat as WireFormat | undefined,
  };
}

/**
 * The SDK client for these settings, never captured in state. One client (one keep-alive
 * connection pool, one tenant lookup) per process and settings. Throws when there is no token,
 * before loading the client's modules.
 */
export async function clientFor(s: Settings): Promise<Predibase> {
  const options = clientOptions(s);
  return cachedClient(await loadPredibase(), s, options);
}

/**
 * The client for these settings without waiting, once the client class is loaded (any earlier
 * platform() in this process loaded it), else undefined.
 */
function clientIfLoaded(s: Settings): Predibase | undefined {
  return predibaseClass && s.apiToken ? cachedClient(predibaseClass, s, clientOptions(s)) : undefined;
}

function cachedClient(
  Client: typeof Predibase,
  s: Settings,
  options: PredibaseOptions & { apiToken: string },
): Predibase {
  // The key identifies the settings without holding the token itself.
  const key = [s.apiUrl, s.servingUrl, s.tenantId, s.wireFormat, fingerprint(options.apiToken)].join("|");
  let client = clientCache.get(key);
  if (!client) {
    client = new Client(options);
    if (clientCache.size >= MAX_CLIENTS) clientCache.delete(clientCache.keys().next().value as string);
    clientCache.set(key, client);
  }
  return client;
}

interface ConfigReader {
  get(key: string): string | undefined;
}

let stackConfig: ConfigReader | undefined;

/** Called by the dynamic-provider host with the stack's configuration, before any other method. */
export function configureFromStack(config: ConfigReader): void {
  stackConfig = config;
}

/** The provider's client for the current settings, read at call time. */
export function platform(): Promise<Predibase> {
  return clientFor(current());
}

function current(): Settings {
  // A native plugin's call carries its provider instance's settings, already resolved.
  const fromCall = callContext()?.settings;
  if (fromCall) return fromCall;
  return resolveSettings((key) => stackConfig?.get(`predibase:${key}`));
}

/**
 * The wire format in use; the spec format has no update endpoints, so changes there replace. Read
 * from the settings alone (no token needed); an invalid value is reported by settingsProblem.
 */
export function wireFormat(): WireFormat {
  const value = current().wireFormat?.trim().toLowerCase();
  return WIRE_FORMATS.find((f) => f === value) ?? DEFAULT_WIRE_FORMAT;
}

/**
 * What makes the settings unusable (no token, a malformed URL, an unknown wire format), or
 * undefined. Local only: no platform call. `cause` is the underlying message, `message` adds the
 * stack-config fix.
 */
export function settingsProblem(): { cause: string; message: string } | undefined {
  try {
    // What building the client would throw, without building it (or loading its modules).
    resolveConfig(clientOptions(current()));
    return undefined;
  } catch (err) {
    const cause = err instanceof Error ? err.message : String(err);
    if (!(err instanceof PredibaseConfigError)) return { cause, message: cause };
    const fix = `set \`pulumi config set predibase:${err.option} <value>\`${err.envVar ? ` or ${err.envVar}` : ""}`;
    return { cause, message: `${cause} Fix: ${fix}.` };
  }
}

/** Looks the tenant up once (when not configured) so data-plane URLs can be given; quiet on failure. */
export async function resolveTenantQuietly(): Promise<void> {
  try {
    await (await platform()).resolveTenantId();
  } catch {
    // The URLs are then left out; the control-plane call that follows reports any real problem.
  }
}

/** Data-plane URLs of a deployment, or none while the tenant is unknown. */
export function dataPlaneUrls(name: string): { openaiBaseUrl?: string; generateUrl?: string } {
  // Outputs are derived from an object just read from the platform, so the client class is loaded.
  const client = clientIfLoaded(current());
  if (!client?.tenantId) return {};
  const dep = client.deployment(name);
  return { openaiBaseUrl: dep.openaiBaseUrl, generateUrl: `${dep.baseUrl}/generate` };
}

function fingerprint(token: string): string {
  let h = 2166136261;
  for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
}
