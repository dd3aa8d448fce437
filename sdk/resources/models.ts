import type { RequestOptions } from "../core/api-client.js";
import { NotFoundError } from "../errors.js";
import type { Model } from "../schemas/models.js";
import { modelWire } from "../wire/models.js";
import { APIResource } from "./resource.js";

/** Supported base models (read-only; platform: legacy `/v1/supported_llms`; see sdk/wire/models.ts). */
export class Models extends APIResource {
  async list(opts?: RequestOptions): Promise<Model[]> {
    return this.send(modelWire(this.format).list(), opts);
  }

  /** Finds a model by its short name in the list; NotFoundError when it is not offered. */
  async get(name: string, opts?: RequestOptions): Promise<Model> {
    const models = await this.list(opts);
    const found = models.find((m) => m.name === name);
    if (found) return found;
    const path = new URL(this.core.config.gatewayUrl + modelWire(this.format).list().path).pathname;
    const known = models.map((m) => m.name).join(", ");
    throw new NotFoundError(404, {
      method: "GET",
      path,
      errorType: "not_found",
      message: `base model ${name} is not offered (known: ${known || "none"})`,
      context: "looked up in the model list",
    });
  }
}
