import type { RequestOptions } from "../core/api-client.js";
import { createByName, sameOrUnset } from "../core/idempotency.js";
import { item, list } from "../core/parse.js";
import { type Dataset, type DatasetCreateParams, DatasetSchema } from "../schemas/datasets.js";
import { APIResource, seg } from "./resource.js";

/** Datasets: `/datasets` (connect by name and source). */
export class Datasets extends APIResource {
  /** Creates a dataset. A retry that meets our own earlier attempt returns it (see idempotency.ts). */
  create(body: DatasetCreateParams, opts?: RequestOptions): Promise<Dataset> {
    return createByName({
      create: (hooks) =>
        this.core.request(this.api("POST", "/datasets", body), item(DatasetSchema), opts, hooks),
      fetchExisting: () => this.get(body.name, opts),
      matches: (dataset) => sameOrUnset(body.source, dataset.source),
      log: (line) => this.log(line),
    });
  }

  list(opts?: RequestOptions): Promise<Dataset[]> {
    return this.core.request(this.api("GET", "/datasets"), list(DatasetSchema, "datasets"), opts);
  }

  get(name: string, opts?: RequestOptions): Promise<Dataset> {
    return this.core.request(this.api("GET", `/datasets/${seg(name)}`), item(DatasetSchema), opts);
  }
}
