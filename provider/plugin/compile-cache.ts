import { enableCompileCache } from "node:module";

// The engine starts the plugin afresh for every run, and loading its modules (undici, zod, the gRPC
// protos) is most of what a no-change `up` costs it: V8's on-disk compile cache (Node ≥ 22.1, in the
// OS temp folder) saves about a fifth of that start (bench/results.md, figure 9). Imported first.
try {
  enableCompileCache?.();
} catch {
  // A read-only temp folder: start without the cache.
}
