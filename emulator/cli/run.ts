import { type RunningEmulator, startEmulator } from "../index.js";
import { parseArgs, USAGE, UsageError } from "./args.js";

/** What the bin prints once listening: the URLs, then lines to paste into a shell. */
export function banner(emulator: RunningEmulator): string {
  return [
    `Predibase emulator listening on port ${emulator.port}`,
    `  apiUrl:     ${emulator.apiUrl}`,
    `  servingUrl: ${emulator.servingUrl}`,
    `  controlUrl: ${emulator.controlUrl}`,
    `  tenant:     ${emulator.tenantId}`,
    `  token:      ${emulator.apiToken}`,
    `  wire:       ${emulator.wire}`,
    "",
    `export PREDIBASE_API_URL=${emulator.apiUrl}`,
    `export PREDIBASE_SERVING_URL=${emulator.servingUrl}`,
    `export PREDIBASE_TENANT_ID=${emulator.tenantId}`,
    `export PREDIBASE_API_TOKEN=${emulator.apiToken}`,
    `export PREDIBASE_WIRE_FORMAT=${emulator.wire}`,
  ].join("\n");
}

/**
 * The bin without process wiring: parse, start, print. Returns the running emulator, or
 * undefined after printing usage (help or a bad argument; `exitCode` says which).
 */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: (text: string) => void,
): Promise<{ emulator?: RunningEmulator; exitCode: number }> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv, env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    out(`predibase-emulator: ${err.message}\n\n${USAGE}`);
    return { exitCode: 2 };
  }
  if (parsed === "help") {
    out(USAGE);
    return { exitCode: 0 };
  }
  const emulator = await startEmulator(parsed);
  out(banner(emulator));
  return { emulator, exitCode: 0 };
}
