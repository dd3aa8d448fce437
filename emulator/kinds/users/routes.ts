import type { Handler } from "../../control-plane/handler.js";
import { json } from "../../http/reply.js";
import type { Router } from "../../http/router.js";
import { legacy } from "../platform.js";

/**
 * `GET /v1/users/current` (and `/users/current`), served in both wire formats: the official
 * client reads `tenant.shortCode` as the tenant (docs/platform-wire.md §1 "Tenant lookup").
 * `shortCode` is the tenant the token belongs to; the rest is fixed and harmless.
 */
export function registerUsers(router: Router<Handler>): void {
  legacy(router, "GET", "/users/current", (call) =>
    json({
      id: 1,
      username: "emulator-user",
      uuid: "00000000-0000-4000-8000-000000000001",
      tenant: {
        name: call.tenant.id,
        shortCode: call.tenant.id,
        subscription: {
          id: 1,
          tier: "enterprise",
          isTrial: false,
          expiration: null,
          daysRemainingInPlan: null,
          active: true,
        },
      },
    }),
  );
}
