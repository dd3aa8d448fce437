/**
 * The one error type handlers throw. The server turns it into the platform's error body
 * `{"error": "<message>", "error_type": "<kind>"}`, which every client reads the same way.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  body(): { error: string; error_type: string } {
    return { error: this.message, error_type: this.errorType };
  }
}

/** Malformed JSON or a field of the wrong JSON type. */
export const badRequest = (message: string): ApiError => new ApiError(400, "validation", message);

/** A field present with the right type but a bad value (missing, enum, range, names rule). */
export const invalid = (message: string): ApiError => new ApiError(422, "validation", message);

/** A referential check failed: the body is well formed but names something unusable. */
export const unprocessable = (message: string): ApiError => new ApiError(422, "unprocessable", message);

export const notFound = (message: string): ApiError => new ApiError(404, "not_found", message);

export const conflict = (message: string): ApiError => new ApiError(409, "conflict", message);

export const unauthenticated = (): ApiError =>
  new ApiError(
    401,
    "authentication",
    "missing or invalid API token: send `Authorization: Bearer <token>` with a token of this emulator",
  );
