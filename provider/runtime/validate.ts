import type * as pulumi from "@pulumi/pulumi";

/** The value the engine sends for inputs that are not known yet (at preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Props = Record<string, unknown>;

/** True when the value, or anything inside it, is still unknown: checks of it wait for create. */
export function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}

/** Collects check failures; each names the property and says how to fix it. */
export class Failures {
  readonly list: pulumi.dynamic.CheckFailure[] = [];
  add(property: string, reason: string): void {
    this.list.push({ property, reason });
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
}

/** Platform names: lowercase letters, digits and hyphens, 1-63 characters, no hyphen at either end. */
export const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function checkName(f: Failures, props: Props, key = "name"): void {
  const value = props[key];
  if (value === undefined || isUnknown(value)) return;
  if (typeof value !== "string" || !NAME_PATTERN.test(value)) {
    f.add(
      key,
      `${JSON.stringify(value)} is not a valid Predibase name: use 1-63 lowercase letters, digits and hyphens, ` +
        "starting and ending with a letter or digit (or leave it out to get an auto-name)",
    );
  }
}

export function checkRequiredString(f: Failures, props: Props, key: string, hint: string): void {
  const value = props[key];
  if (isUnknown(value)) return;
  if (typeof value !== "string" || value.trim() === "") f.add(key, `${key} is required: ${hint}`);
}

export function checkOptionalString(f: Failures, props: Props, key: string): void {
  const value = props[key];
  if (value === undefined || isUnknown(value)) return;
  if (typeof value !== "string") f.add(key, `${key} must be a string, got ${typeof value}`);
}

export function checkEnum(f: Failures, props: Props, key: string, allowed: readonly string[]): void {
  const value = props[key];
  if (value === undefined || isUnknown(value)) return;
  if (typeof value !== "string" || !allowed.includes(value)) {
    f.add(
      key,
      `${key} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}; got ${JSON.stringify(value)}`,
    );
  }
}

export function checkInteger(f: Failures, props: Props, key: string, min: number, max: number): void {
  const value = props[key];
  if (value === undefined || isUnknown(value)) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    f.add(key, `${key} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}`);
  }
}

export function checkBoolean(f: Failures, props: Props, key: string): void {
  const value = props[key];
  if (value === undefined || isUnknown(value)) return;
  if (typeof value !== "boolean") f.add(key, `${key} must be true or false; got ${JSON.stringify(value)}`);
}

export function checkNumber(f: Failures, props: Props, key: string, min: number, max: number): void {
  const value = props[key];
  if (value === undefined || isUnknown(value)) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    f.add(key, `${key} must be a number from ${min} to ${max}; got ${JSON.stringify(value)}`);
  }
}

export function checkStringList(f: Failures, props: Props, key: string): void {
  const value = props[key];
  if (value === undefined || isUnknown(value)) return;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    f.add(key, `${key} must be a list of strings; got ${JSON.stringify(value)}`);
  }
}
