// Empties dist/ before every build (`npm run build`, and so `npm pack`), so dist/ and the tarball
// hold only what today's sources compile to: no file left by a source that was renamed or deleted
// (test/package/packed-install.test.ts checks each shipped file against its source).
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

rmSync(join(dirname(fileURLToPath(import.meta.url)), "..", "dist"), { recursive: true, force: true });
