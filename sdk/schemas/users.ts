import { z } from "zod";
import { nullish } from "./common.js";

/** The user the API token belongs to (`users.current()`); `tenant.short_code` is the tenant id. */
export const CurrentUserSchema = z.object({
  id: nullish(z.union([z.string(), z.number()])),
  username: nullish(z.string()),
  uuid: nullish(z.string()),
  tenant: z.object({
    name: nullish(z.string()),
    short_code: z.string(),
    subscription: nullish(
      z.object({
        id: nullish(z.union([z.string(), z.number()])),
        tier: nullish(z.string()),
        is_trial: nullish(z.boolean()),
        expiration: nullish(z.string()),
        days_remaining_in_plan: nullish(z.number()),
        active: nullish(z.boolean()),
      }),
    ),
  }),
});
export type CurrentUser = z.infer<typeof CurrentUserSchema>;
