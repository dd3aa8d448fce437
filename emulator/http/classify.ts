import type { DataTarget } from "../data-plane/routes.js";

/** Which surface a URL path belongs to. One port serves all three. */
export type Target =
  | { plane: "admin"; path: string }
  | { plane: "control"; path: string }
  | ({ plane: "data" } & DataTarget)
  | { plane: "none"; path: string };

export const ADMIN_PREFIX = "/__emulator";
const DATA_PATH = /^\/([^/]+)\/deployments\/v2\/llms\/([^/]+)(\/.*)?$/;

export function classify(path: string): Target {
  if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
    return { plane: "admin", path: path.slice(ADMIN_PREFIX.length) || "/" };
  }
  if (path === "/v2" || path.startsWith("/v2/")) return { plane: "control", path: path.slice(3) || "/" };
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
  return { plane: "none", path };
}
