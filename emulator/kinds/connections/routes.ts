import { type Handler, limited, mustGet } from "../../control-plane/handler.js";
import { conflict } from "../../core/errors.js";
import { iso, newUuid } from "../../core/ids.js";
import { json } from "../../http/reply.js";
import type { Router } from "../../http/router.js";
import { readName } from "../../validation/names.js";
import type { View } from "../extra.js";
import { legacy, platformBody } from "../platform.js";
import type { ConnectionRecord } from "./record.js";

const view = (c: ConnectionRecord): View => ({
  id: c.id,
  name: c.name,
  type: c.type,
  created: iso(c.created_at),
});

/**
 * Legacy connections (docs/platform-wire.md §8): only the old `PredibaseClient` uses them. The
 * create body's `secret` is checked to be an object and then dropped: a secret is never stored.
 */
export function registerConnections(router: Router<Handler>): void {
  legacy(router, "GET", "/connections", (call) =>
    json({ connections: limited([...call.tenant.connections.values()].map(view), call.query) }),
  );
  legacy(router, "POST", "/connections", (call) => {
    const body = platformBody(call.body);
    const connection = body.object("connection", { required: true });
    body.object("secret");
    if (connection === undefined) return json({});
    const name = readName(connection);
    const type = connection.string("type", { required: true });
    if (call.tenant.connections.has(name)) throw conflict(`connection ${name} already exists`);
    const record: ConnectionRecord = { id: newUuid(), name, type, created_at: call.now.t };
    call.tenant.connections.set(name, record);
    return json(view(record));
  });
  legacy(router, "GET", "/connections/name/:name", (call) =>
    json(view(mustGet(call.tenant.connections, call.params.name ?? "", "connection"))),
  );
  legacy(router, "DELETE", "/connections/name/:name", (call) => {
    const name = call.params.name ?? "";
    mustGet(call.tenant.connections, name, "connection");
    call.tenant.connections.delete(name);
    return json({});
  });
}
