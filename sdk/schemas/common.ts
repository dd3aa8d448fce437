import { z } from "zod";

// Response schemas are tolerant on purpose: only the fields the SDK or its users rely on are
// required, and unknown fields are dropped (z.object strips them), so a public object holds only
// what its type says. A missing required field is reported as an APIResponseValidationError
// naming its path. `null` from the server means "not set".

/** An optional field that the server may also send as null. */
export const nullish = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

/** ISO-8601 timestamp, kept as a string (the wire format). */
export const Timestamp = z.string();

/** A timestamp that may be absent or null. */
export const OptionalTimestamp = nullish(Timestamp);
