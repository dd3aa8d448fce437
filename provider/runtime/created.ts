import { APIError, NotFoundError } from "../../sdk/errors.js";
import { ResourceInitFailure } from "./awaiting.js";
import type { Props } from "./validate.js";

/** Thrown when the name is taken by an object this stack does not own: never probe or claim it. */
export class NameTakenError extends Error {}

/**
 * A create can fail after the platform accepted it: the SDK's create is a POST and, on the platform
 * format, a GET of the new object; that GET (a 401 after a token rotation, a 5xx, a response that
 * fails validation) fails while the object exists. For a named kind the name says where to look:
 * when the object is there, it goes into state as a partial failure (nothing orphaned) and the next
 * `up` resumes. When even the look fails, the resource goes into state with status `unknown`; the
 * engine calls update for a resource whose create did not finish, and update reads the object
 * again and resumes the wait. Replacing it instead would delete a deployment that may be fine.
 * A POST the platform refused (an APIError on the POST itself) created nothing: the error stands.
 */
export async function keptIfCreated<T>(
  err: unknown,
  options: {
    name: string;
    props: Props;
    get: () => Promise<T>;
    outputs: (obj: T) => Props;
  },
): Promise<unknown> {
  if (err instanceof NameTakenError || err instanceof ResourceInitFailure) return err;
  if (err instanceof APIError && err.method === "POST") return err;
  const reason = err instanceof Error ? err.message : String(err);
  let found: T | undefined;
  try {
    found = await options.get();
  } catch (lookErr) {
    if (lookErr instanceof NotFoundError) return err;
    return new ResourceInitFailure(
      `${reason}. The create may have reached Predibase, and looking for "${options.name}" failed too ` +
        `(${lookErr instanceof Error ? lookErr.message : String(lookErr)}): it stays in the stack with ` +
        "status `unknown`; the next `pulumi up` reads it again and resumes the wait.",
      options.name,
      { ...pick(options.props), name: options.name, status: "unknown", __provider: options.props.__provider },
    );
  }
  return new ResourceInitFailure(
    `${reason}. It was created on Predibase and stays in the stack; run \`pulumi up\` again to resume.`,
    options.name,
    { ...options.outputs(found), __provider: options.props.__provider },
  );
}

/** The inputs worth keeping in an `unknown` resource's outputs: JSON-safe, no secrets. */
function pick(props: Props): Props {
  const { hfToken: _secret, __provider: _p, selfUrn: _u, ...rest } = props;
  return rest;
}
