#!/usr/bin/env node
// pulumi-resource-predibase: the Predibase provider plugin. The engine starts it with its own
// address as the first argument and reads the port it serves on from the first line of stdout.
import "./compile-cache.js";
import { setEngineAddress } from "../runtime/engine-log.js";
import { PredibaseProvider } from "./predibase-provider.js";
import { serve } from "./server.js";
import { PLUGIN_VERSION } from "./version.js";

async function main(args: string[]): Promise<void> {
  if (args.includes("--version") || args.includes("-version")) {
    console.log(PLUGIN_VERSION);
    return;
  }
  // Flags (`--logtostderr`, `-v=9`, `--tracing <url>`) come first; the engine address is the positional one.
  const engine = args.find((a) => !a.startsWith("-") && /:\d+$/.test(a));
  if (engine) setEngineAddress(engine);
  const port = await serve(new PredibaseProvider(), setEngineAddress);
  // After this line, stdout is the engine's to read as plugin output: progress goes through the engine's Log.
  process.stdout.write(`${port}\n`);
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`pulumi-resource-predibase: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
