import { WIRE_FORMATS } from "../../../sdk/wire/format.js";
import { SETTINGS, type Settings } from "../../runtime/settings.js";
import type { PropertySpec } from "./types.js";

const DESCRIPTIONS: Readonly<Record<keyof Settings, string>> = {
  apiToken: "Predibase API token.",
  apiUrl: "Base URL of the Predibase API (default: Predibase's own).",
  servingUrl: "Base URL of the serving (data-plane) endpoints (default: Predibase's own).",
  tenantId: "Tenant id; looked up with the token when left out.",
  wireFormat: `Wire format of the API: ${WIRE_FORMATS.map((f) => `"${f}"`).join(" or ")} (default "platform").`,
};

/**
 * The provider's settings, as stack config `predibase:<key>` (default provider) and as inputs of an
 * explicit `predibase:Provider`. The names are those of runtime/settings.ts; each falls back to its
 * PREDIBASE_* variable in the plugin itself (no `defaultInfo`: an SDK that read the variable would
 * pass the token as a provider input, into state).
 */
export function settingProperties(): Record<string, PropertySpec> {
  const out: Record<string, PropertySpec> = {};
  for (const [key, envVar] of Object.entries(SETTINGS) as Array<[keyof Settings, string]>) {
    out[key] = {
      type: "string",
      description: `${DESCRIPTIONS[key]} Falls back to the ${envVar} environment variable.`,
      ...(key === "apiToken" ? { secret: true } : {}),
    };
  }
  return out;
}
