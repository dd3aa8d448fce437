import type { IncomingMessage } from "node:http";
import { ApiError, badRequest } from "../core/errors.js";

// Far above any real request; stops a runaway client from filling memory.
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The request body parsed as JSON, or undefined when empty. Malformed JSON is a 400. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, "validation", "request body too large (max 16 MiB)");
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest(`malformed JSON body: ${(err as Error).message}`);
  }
}
