import { MODELS } from "../catalogue/models.js";
import { json } from "../http/reply.js";
import type { Router } from "../http/router.js";
import type { Handler } from "./handler.js";

/** The base-model catalogue: a bare array, the same for every tenant. */
export function registerModels(router: Router<Handler>): void {
  router.on("GET", "/models", () => json(MODELS.map((m) => ({ ...m }))));
}
