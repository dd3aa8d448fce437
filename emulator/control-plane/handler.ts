import { findModel, type Model } from "../catalogue/models.js";
import type { Call } from "../core/context.js";
import { invalid, notFound, unprocessable } from "../core/errors.js";
import type { Reply } from "../http/reply.js";

export type Handler = (call: Call) => Reply | Promise<Reply>;

/** The object or a 404 naming what was looked for. */
export function mustGet<T>(map: ReadonlyMap<string, T>, key: string, label: string): T {
  const found = map.get(key);
  if (found === undefined) throw notFound(`${label} ${key} not found`);
  return found;
}

/** A catalogue model named by `field`, or a 422 pointing at the catalogue. */
export function requireModel(field: string, name: string): Model {
  const model = findModel(name);
  if (!model)
    throw unprocessable(`${field}: unknown base model "${name}"; GET /v2/models lists the supported models`);
  return model;
}

/** `?limit=N` as the real lists accept it; no cursor exists. */
export function limited<T>(items: T[], query: URLSearchParams): T[] {
  const raw = query.get("limit");
  if (raw === null) return items;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw invalid(`limit: must be a positive integer; got "${raw}"`);
  return items.slice(0, limit);
}
