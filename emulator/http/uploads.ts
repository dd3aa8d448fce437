import type { IncomingMessage } from "node:http";
import type { EmulatorCore } from "../core/context.js";
import { ApiError, notFound } from "../core/errors.js";
import { bytes, json, type Reply } from "./reply.js";

const MAX_UPLOAD_BYTES = 100 * 1024 * 1024; // the platform's dataset size limit (docs.predibase.com)

/**
 * The emulator's own presigned URLs, `/__uploads/<object>`: PUT stores the bytes, GET returns
 * them. No bearer token, as with a real presigned S3 URL (docs/platform-wire.md §3 "upload files",
 * §5 "upload 2: put"): the object name in the URL is the capability.
 */
export async function handleUpload(core: EmulatorCore, req: IncomingMessage, object: string): Promise<Reply> {
  const name = decodeURIComponent(object);
  if (req.method === "PUT") {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_UPLOAD_BYTES) throw new ApiError(413, "validation", "upload too large (max 100 MB)");
      chunks.push(chunk as Buffer);
    }
    core.uploads.set(name, Buffer.concat(chunks));
    return json({}, 200);
  }
  if (req.method === "GET") {
    const file = core.uploads.get(name);
    if (file === undefined) throw notFound(`no uploaded object ${name}`);
    return bytes(file, "application/octet-stream");
  }
  throw new ApiError(
    405,
    "method_not_allowed",
    `method ${req.method} is not allowed on /__uploads; use PUT or GET`,
    {
      allow: "PUT, GET",
    },
  );
}
