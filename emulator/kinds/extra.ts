/**
 * Fields set out of band (seed, PATCH /__emulator/objects) that are shown on the object as given.
 * Every record kind has them.
 */
export type Extra = Record<string, unknown>;

/** A record as the wire shows it. */
export type View = Record<string, unknown>;

/**
 * Out-of-band fields on a platform-format view: `status` and `error` set by the control API
 * replace the computed ones (`error` lands on the kind's own error field); anything else is
 * shown as given, last, so a drift test can make the platform report anything.
 */
export function platformExtra(view: View, extra: Extra, errorField: string): View {
  const { error, adapter_version: _adapterVersion, ...rest } = extra;
  const out: View = { ...view, ...rest };
  if (error !== undefined) out[errorField] = error;
  return out;
}
