/**
 * A minimal path router: patterns like `/repos/:name`, exact segment counts. Distinguishes
 * "no such route" (404) from "route exists, wrong method" (405 with the allowed methods).
 */
export type RouteMatch<H> =
  | { kind: "found"; handler: H; params: Record<string, string> }
  | { kind: "wrong-method"; allow: string[] }
  | { kind: "none" };

interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
}

const split = (path: string): string[] => path.split("/").filter((s) => s !== "");

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  on(method: string, pattern: string, handler: H): this {
    this.routes.push({ method, segments: split(pattern), handler });
    return this;
  }

  match(method: string, path: string): RouteMatch<H> {
    const parts = split(path);
    const allow: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (params === undefined) continue;
      if (route.method === method) return { kind: "found", handler: route.handler, params };
      allow.push(route.method);
    }
    return allow.length > 0 ? { kind: "wrong-method", allow } : { kind: "none" };
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, seg] of pattern.entries()) {
    const part = parts[i] as string;
    if (seg.startsWith(":")) {
      try {
        params[seg.slice(1)] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    } else if (seg !== part) return undefined;
  }
  return params;
}
