/**
 * The two control-plane wire formats. `platform` is what the live Predibase API sends and reads
 * (docs/platform-wire.md): camelCase bodies, `{"data": …}` envelopes on some routes, `/v1` legacy
 * session routes. `spec` is the seed's flat snake_case shapes (spec/predibase-openapi.yaml).
 */
export type WireFormat = "platform" | "spec";

export const WIRE_FORMATS: readonly WireFormat[] = ["platform", "spec"];
