import type { IncomingMessage } from "node:http";
import { methodNotAllowed } from "../control-plane/routes.js";
import type { ClockMode } from "../core/clock.js";
import { notFound } from "../core/errors.js";
import type { FailureSpec } from "../failures.js";
import type { FaultRule } from "../faults.js";
import { readJsonBody } from "../http/body.js";
import { json, type Reply } from "../http/reply.js";
import { Router } from "../http/router.js";
import { FieldReader } from "../validation/fields.js";
import type { EmulatorControl, SeedInput } from "./control-api.js";
import { parseKind } from "./objects.js";

type AdminHandler = (
  control: EmulatorControl,
  body: unknown,
  params: Record<string, string>,
  query: URLSearchParams,
) => unknown;

const ok = { ok: true };
const tenantParam = (query: URLSearchParams): string | undefined => query.get("tenant") ?? undefined;

/**
 * `/__emulator/*`: unauthenticated JSON twins of the in-process `EmulatorControl` methods.
 * Handlers that return nothing answer `{"ok": true}`.
 */
const router = new Router<AdminHandler>()
  .on("GET", "/", () => ({ endpoints: ENDPOINTS }))
  .on("POST", "/reset", (c) => c.reset())
  .on("GET", "/state", (c) => c.state())
  .on("POST", "/seed", (c, body) => c.seed((body ?? {}) as SeedInput))
  .on("GET", "/clock", (c) => c.clock())
  .on("POST", "/clock", (c, body) => {
    const b = FieldReader.of(body);
    return c.setClock({
      mode: b.string("mode") as ClockMode | undefined,
      time_scale: b.number("time_scale"),
    });
  })
  .on("POST", "/clock/advance", (c, body) =>
    c.advance(FieldReader.of(body).number("seconds", { required: true }) ?? 0),
  )
  .on("GET", "/faults", (c) => ({ rules: c.faults() }))
  .on("POST", "/faults", (c, body) => {
    const b = FieldReader.of(body);
    const seed = b.integer("seed");
    return {
      rules: c.addFaults((b.value("rules") ?? []) as FaultRule[], seed === undefined ? {} : { seed }),
    };
  })
  .on("DELETE", "/faults", (c) => c.clearFaults())
  .on("GET", "/failures", (c) => ({ failures: c.failures() }))
  .on("POST", "/failures", (c, body) => c.addFailure(body as FailureSpec))
  .on("DELETE", "/failures", (c) => c.clearFailures())
  .on("GET", "/requests", (c, _b, _p, query) => c.requests(Number(query.get("since") ?? 0) || 0))
  .on("DELETE", "/requests", (c) => c.clearRequests())
  .on("GET", "/objects/:kind/:key", (c, _b, p, q) =>
    c.getObject(parseKind(p.kind ?? ""), p.key ?? "", tenantParam(q)),
  )
  .on("PATCH", "/objects/:kind/:key", (c, body, p, q) =>
    c.patchObject(parseKind(p.kind ?? ""), p.key ?? "", body as Record<string, unknown>, tenantParam(q)),
  )
  .on("DELETE", "/objects/:kind/:key", (c, _b, p, q) =>
    c.deleteObject(parseKind(p.kind ?? ""), p.key ?? "", tenantParam(q)),
  );

const ENDPOINTS = [
  "POST /reset",
  "GET /state",
  "POST /seed",
  "GET|POST /clock",
  "POST /clock/advance",
  "GET|POST|DELETE /faults",
  "GET|POST|DELETE /failures",
  "GET|DELETE /requests",
  "GET|PATCH|DELETE /objects/{kind}/{key}",
];

export async function dispatchAdmin(
  control: EmulatorControl,
  req: IncomingMessage,
  path: string,
  query: URLSearchParams,
): Promise<Reply> {
  const method = req.method ?? "GET";
  const match = router.match(method, path);
  if (match.kind === "none") throw notFound(`no route for ${method} /__emulator${path}`);
  if (match.kind === "wrong-method") throw methodNotAllowed(method, `/__emulator${path}`, match.allow);
  const body = await readJsonBody(req);
  return json(match.handler(control, body, match.params, query) ?? ok);
}
