import { z } from "zod";
import { nullish, OptionalTimestamp } from "./common.js";

/**
 * A dedicated deployment. Statuses: `pending` → `initializing` → `ready`; `standby` (0 replicas,
 * scales up on request); `errored`; `deleting`. See status.ts for which count as serving/failed.
 */
export const DeploymentSchema = z.looseObject({
  name: z.string(),
  base_model: z.string(),
  status: z.string(),
  uuid: z.string().optional(),
  accelerator: nullish(z.string()),
  min_replicas: nullish(z.number().int()),
  max_replicas: nullish(z.number().int()),
  current_replicas: nullish(z.number().int()),
  description: nullish(z.string()),
  created_at: OptionalTimestamp,
  updated_at: OptionalTimestamp,
  /** Why the deployment is `errored`. */
  error: nullish(z.string()),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

export const DeploymentCreateParamsSchema = z.object({
  name: z.string(),
  base_model: z.string(),
  /** GPU id, e.g. `a10_24gb_100`; default: the model's smallest accelerator that fits. */
  accelerator: z.string().optional(),
  min_replicas: z.number().int().optional(),
  max_replicas: z.number().int().optional(),
  description: z.string().optional(),
});
export type DeploymentCreateParams = z.input<typeof DeploymentCreateParamsSchema>;
