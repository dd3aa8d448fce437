import type { Now } from "../core/clock.js";
import type { EmulatorCore } from "../core/context.js";
import type { View } from "./extra.js";

/** How `seed`/`patchObject` may set a stored field directly. */
export type FieldType = "string" | "nullable-string" | "integer";

export interface AnchorFields {
  error?: string | undefined;
  adapterVersion?: string | undefined;
}

/**
 * One kind's face towards the control API (`/__emulator/seed`, `/objects/...`,
 * `control.state()`): its key, what may be set, how a new record looks, how a requested status is
 * reached, and the view the snapshot shows (the spec format's, a stable shape tests read).
 */
export interface KindSeeding<R> {
  keyField: "name" | "id";
  /** Fields a seeded object must carry. */
  required: readonly string[];
  stored: Readonly<Record<string, FieldType>>;
  create(core: EmulatorCore, key: string, fields: Record<string, unknown>, now: Now): R;
  /**
   * Moves the record's anchors so its computed status is `status` from now on. Returns false when
   * the lifecycle never produces that status (it is then pinned as given).
   */
  anchor(record: R, status: string, fields: AnchorFields, now: Now): boolean;
  view(record: R, now: Now): View | undefined;
  /**
   * Also stores a field the generic rules do not know (snake_case, as the control API spells
   * fields), e.g. a deployment's serving settings, so the platform view shows it where it belongs.
   * The field still lands in `extra` too (the spec view shows it as given, as it always did).
   * Throws a 422 naming the field when the value is wrong.
   */
  setField?(record: R, field: string, value: unknown): void;
}
