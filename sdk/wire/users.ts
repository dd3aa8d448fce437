/**
 * How the current user (and so the tenant) looks on the wire. The same in both formats:
 * `GET /v1/users/current` → `{id, username, uuid, tenant:{name, shortCode, subscription:{id, tier,
 * isTrial, expiration, daysRemainingInPlan, active}}}` (docs/platform-wire.md §1, Tenant lookup);
 * `tenant.shortCode` is the tenant id used in serving URLs.
 */
import { z } from "zod";
import { item } from "../core/parse.js";
import { nullish } from "../schemas/common.js";
import type { CurrentUser } from "../schemas/users.js";
import { compact, type WireCall } from "./call.js";

const idLike = nullish(z.union([z.string(), z.number()]));

const CurrentUserWireSchema = z
  .object({
    id: idLike,
    username: nullish(z.string()),
    uuid: nullish(z.string()),
    tenant: z.object({
      name: nullish(z.string()),
      shortCode: z.string(),
      subscription: nullish(
        z.object({
          id: idLike,
          tier: nullish(z.string()),
          isTrial: nullish(z.boolean()),
          expiration: nullish(z.string()),
          daysRemainingInPlan: nullish(z.number()),
          active: nullish(z.boolean()),
        }),
      ),
    }),
  })
  .transform(
    (u): CurrentUser =>
      compact({
        id: u.id,
        username: u.username,
        uuid: u.uuid,
        tenant: compact({
          name: u.tenant.name,
          short_code: u.tenant.shortCode,
          subscription: u.tenant.subscription
            ? compact({
                id: u.tenant.subscription.id,
                tier: u.tenant.subscription.tier,
                is_trial: u.tenant.subscription.isTrial,
                expiration: u.tenant.subscription.expiration,
                days_remaining_in_plan: u.tenant.subscription.daysRemainingInPlan,
                active: u.tenant.subscription.active,
              })
            : u.tenant.subscription,
        }),
      }),
  );

export const userWire = {
  current: (): WireCall<CurrentUser> => ({
    method: "GET",
    path: "/v1/users/current",
    decode: item(CurrentUserWireSchema),
  }),
};
