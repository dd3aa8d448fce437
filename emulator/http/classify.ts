import type { DataTarget } from "../data-plane/routes.js";

/**
 * Which surface a URL path belongs to. One port serves all of them.
 * - `admin`: `/__emulator/...` (test controls).
 * - `upload`: `/__uploads/<object>` (the emulator's own presigned URLs; no auth, like S3's).
 * - `control`: `/v2/...`, `/v1/...` and the unversioned legacy session routes
 *   (docs/platform-wire.md §1 "Session base": the official client sends `/users/current`,
 *   `/llms/…`, `/datasets/…` without `/v1`). `path` is what follows `/v2` (fault rules match it,
 *   as before); `fullPath` is the whole path.
 * - `data`: `/{tenant}/deployments/v2/llms/{deployment}/...`.
 */
export type Target =
  | { plane: "admin"; path: string }
  | { plane: "upload"; path: string; object: string }
  | { plane: "control"; path: string; fullPath: string }
  | ({ plane: "data" } & DataTarget)
  | { plane: "none"; path: string };

export const ADMIN_PREFIX = "/__emulator";
export const UPLOAD_PREFIX = "/__uploads/";
const DATA_PATH = /^\/([^/]+)\/deployments\/v2\/llms\/([^/]+)(\/.*)?$/;
/** First segments of the legacy session routes (docs/platform-wire.md §1, §5, §7, §8). */
const LEGACY_ROOTS = new Set(["users", "llms", "datasets", "data", "supported_llms", "connections"]);

export function classify(path: string): Target {
  if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
    return { plane: "admin", path: path.slice(ADMIN_PREFIX.length) || "/" };
  }
  if (path.startsWith(UPLOAD_PREFIX) && path.length > UPLOAD_PREFIX.length) {
    return { plane: "upload", path, object: path.slice(UPLOAD_PREFIX.length) };
  }
  if (path === "/v2" || path.startsWith("/v2/"))
    return { plane: "control", path: path.slice(3) || "/", fullPath: path };
  if (path === "/v1" || path.startsWith("/v1/")) return { plane: "control", path, fullPath: path };
  const data = DATA_PATH.exec(path);
  if (data) {
    try {
      const tenant = decodeURIComponent(data[1] ?? "");
      const deployment = decodeURIComponent(data[2] ?? "");
      return { plane: "data", tenant, deployment, rest: data[3] ?? "/", path };
    } catch {
      return { plane: "none", path };
    }
  }
  const root = path.split("/")[1] ?? "";
  if (LEGACY_ROOTS.has(root)) return { plane: "control", path, fullPath: path };
  return { plane: "none", path };
}
