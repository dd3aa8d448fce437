// Reading the platform's error bodies: `{"error": "...", "error_type": "..."}` from the API and
// LoRAX, `{"error": {"message"}}` on some routes, plain text from proxies.

/** The body's `error` may be a string (platform, LoRAX) or `{message}` (download routes, OpenAI style). */
export function messageFromBody(body: unknown): string | undefined {
  if (typeof body === "string") return body.trim() ? truncate(body.trim()) : undefined;
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ["error", "message", "errorMessage", "detail"]) {
    const value = record[key];
    if (typeof value === "string" && value) return value;
    if (typeof value === "object" && value !== null) {
      const nested = (value as Record<string, unknown>).message;
      if (typeof nested === "string" && nested) return nested;
    }
  }
  return undefined;
}

export function errorTypeFromBody(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record.error_type === "string") return record.error_type;
  const nested = record.error;
  if (typeof nested === "object" && nested !== null) {
    const type = (nested as Record<string, unknown>).type;
    if (typeof type === "string") return type;
  }
  return undefined;
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * LoRAX sends errors inside a 200 stream as `{error, error_type}`; map the type to the status the
 * same error gets outside a stream, so callers catch one class either way (platform-facts §6.6).
 */
export function statusForErrorType(errorType: string | undefined): number {
  switch (errorType) {
    case "validation":
    case "unprocessable":
    case "template_error":
    case "tool_error":
    case "missing_template_variable":
      return 422;
    case "overloaded":
    case "rate_limit":
      return 429;
    case "generation":
      return 424;
    case "not_found":
      return 404;
    case "authentication":
      return 401;
    case "not_ready":
    case "healthcheck":
      return 503;
    default:
      return 500; // incomplete_generation, server, and anything new
  }
}
