import { randomBytes, randomUUID } from "node:crypto";

export const newUuid = (): string => randomUUID();

/** `req_` + 24 hex chars: what every response carries in `x-request-id`. */
export const newRequestId = (): string => `req_${randomBytes(12).toString("hex")}`;

/** Platform tokens start with `pb_`; clients warn about anything else. */
export const newApiToken = (): string => `pb_emulator_${randomBytes(16).toString("hex")}`;

export const iso = (ms: number): string => new Date(ms).toISOString();
