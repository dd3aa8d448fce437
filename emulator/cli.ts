#!/usr/bin/env node
import { runCli } from "./cli/run.js";

/** `predibase-emulator`: runs until SIGINT/SIGTERM, then closes the server and flushes state. */
async function main(): Promise<void> {
  const { emulator, exitCode } = await runCli(process.argv.slice(2), process.env, (text) =>
    console.log(text),
  );
  if (!emulator) {
    process.exitCode = exitCode;
    return;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received: stopping the emulator`);
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("predibase-emulator: error while stopping:", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error(`predibase-emulator: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
