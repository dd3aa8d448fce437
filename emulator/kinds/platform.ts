import type { Handler } from "../control-plane/handler.js";
import type { Router } from "../http/router.js";
import { FieldReader } from "../validation/fields.js";

/**
 * A platform-format request body: a wrong type or a missing required field is a 400, a bad value
 * a 422, and every message names the field (`config.baseModel: is required`). `null` reads as
 * "not set" (the official SDK sends unset config keys as null, docs/platform-wire.md §2).
 */
export const platformBody = (body: unknown): FieldReader =>
  FieldReader.of(body, { typeStatus: 400, requiredStatus: 400 });

/**
 * Registers a legacy session route under `/v1/X` and the unversioned `/X`: the official client
 * sends the unversioned form, older gateways the `/v1` one (docs/platform-wire.md §1 "Session base").
 */
export function legacy(router: Router<Handler>, method: string, path: string, handler: Handler): void {
  router.on(method, `/v1${path}`, handler).on(method, path, handler);
}
