import { MODELS, type Model } from "../../catalogue/models.js";
import type { Handler } from "../../control-plane/handler.js";
import { json } from "../../http/reply.js";
import type { Router } from "../../http/router.js";
import { legacy } from "../platform.js";

/** Spec format: `GET /v2/models`, a bare array, the same for every tenant. */
export function registerSpecModels(router: Router<Handler>): void {
  router.on("GET", "/models", () => json(MODELS.map((m) => ({ ...m }))));
}

/** A catalogue row in camelCase (the legacy list's exact fields are not public; these are ours). */
const platformModel = (m: Model) => ({
  name: m.name,
  hfId: m.hf_id,
  parametersBillions: m.parameters_billions,
  contextWindow: m.context_window,
  supportsFinetuning: m.supports_finetuning,
  supportedTasks: m.supported_tasks,
  adapterTypes: m.adapter_types,
  servable: m.servable,
  minAccelerator: m.min_accelerator,
  minGpuMemoryGb: m.min_gpu_memory_gb,
});

/**
 * Platform format: the v2 client has no models call; the legacy session's `GET /supported_llms`
 * (docs/platform-wire.md §7) returns the list raw, a bare array (fine for the legacy decoder).
 * The seed's `GET /v2/models` stays, wrapped in `{"data": […]}` because a v2 body must be an object.
 */
export function registerPlatformModels(router: Router<Handler>): void {
  legacy(router, "GET", "/supported_llms", () => json(MODELS.map(platformModel)));
  router.on("GET", "/v2/models", () => json({ data: MODELS.map(platformModel) }));
}
