import type { IncomingHttpHeaders } from "node:http";
import { unauthenticated } from "../core/errors.js";

/**
 * The tenant a bearer token belongs to. Any missing, malformed or unknown token is the same 401,
 * and the message never repeats what was sent (tokens must not end up in logs).
 */
export function authenticate(headers: IncomingHttpHeaders, tokens: ReadonlyMap<string, string>): string {
  const header = headers.authorization;
  const match = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  const tenant = match?.[1] === undefined ? undefined : tokens.get(match[1]);
  if (tenant === undefined) throw unauthenticated();
  return tenant;
}
