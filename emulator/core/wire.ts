/**
 * The two control-plane wire formats. `platform` is what the live Predibase API sends and reads
 * (docs/platform-wire.md): camelCase bodies, `{"data": …}` envelopes on some routes, `/v1` legacy
 * session routes. `spec` is the seed's flat snake_case shapes (spec/predibase-openapi.yaml).
 */
export type WireFormat = "platform" | "spec";

export const WIRE_FORMATS: readonly WireFormat[] = ["platform", "spec"];

/**
 * `X-Predibase-Release-Version` on platform-format control-plane answers. The official client
 * compares it with its own version and only warns (docs/platform-wire.md §1 "Version header");
 * the emulator claims the SDK release the page was read from, so that client stays quiet.
 */
export const PLATFORM_RELEASE_VERSION = "2025.2.3";
