import { newUuid } from "../../core/ids.js";
import type { KindSeeding } from "../seeding.js";
import type { RepoRecord } from "./record.js";
import { repoView } from "./views.js";

/** Repos for the control API (`versions` is parsed by admin/fields.ts). No lifecycle. */
export const repoSeeding: KindSeeding<RepoRecord> = {
  keyField: "name",
  required: [],
  stored: { description: "nullable-string", uuid: "string" },
  create: (_core, key, _fields, now) => ({
    created_at: now.t,
    extra: {},
    uuid: newUuid(),
    name: key,
    description: null,
    versions: [],
  }),
  anchor: () => false,
  view: (r) => repoView(r),
};
