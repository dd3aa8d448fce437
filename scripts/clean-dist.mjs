// Empties dist/ before `npm pack` builds it again, so the tarball holds only what today's sources
// compile to: no file left behind by a source that was renamed or deleted.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

rmSync(join(dirname(fileURLToPath(import.meta.url)), "..", "dist"), { recursive: true, force: true });
