import { PredibaseConfigError } from "../errors.js";

/**
 * The two wire formats. `platform` is what the live Predibase API speaks (docs/platform-wire.md):
 * camelCase bodies, deployment settings nested under `config`, `{"data": …}` envelopes, legacy
 * `/v1` routes for tenants, datasets and base models. `spec` is the seed's flat snake_case shapes
 * and `/v2` paths (spec/predibase-openapi.yaml). Methods return the same public objects either way.
 */
export type WireFormat = "platform" | "spec";

export const WIRE_FORMATS: readonly WireFormat[] = ["platform", "spec"];

export const DEFAULT_WIRE_FORMAT: WireFormat = "platform";

/** Checks a configured value; anything else is a PredibaseConfigError naming the allowed values. */
export function parseWireFormat(value: string | undefined): WireFormat {
  if (value === undefined) return DEFAULT_WIRE_FORMAT;
  const normalized = value.trim().toLowerCase();
  const found = WIRE_FORMATS.find((format) => format === normalized);
  if (found) return found;
  throw new PredibaseConfigError(
    `Invalid wireFormat "${value}": expected one of ${WIRE_FORMATS.map((f) => `"${f}"`).join(", ")} ` +
      '(option `wireFormat` or PREDIBASE_WIRE_FORMAT). "platform" is the live Predibase API.',
    "wireFormat",
    "PREDIBASE_WIRE_FORMAT",
  );
}
