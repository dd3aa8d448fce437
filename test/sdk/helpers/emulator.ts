import { startEmulator } from "../../../emulator/index.js";
import { Predibase, type PredibaseOptions, type WaitClock } from "../../../sdk/index.js";

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type EmulatorOptions = NonNullable<Parameters<typeof startEmulator>[0]>;

/**
 * Starts the real emulator on a free port and a client pointed at it, both speaking the same wire
 * format (`options.wire`, default platform).
 */
export async function startWithClient(options: EmulatorOptions = {}, clientOptions: PredibaseOptions = {}) {
  const emulator = await startEmulator(options);
  const lines: string[] = [];
  const client = new Predibase({
    apiToken: emulator.apiToken,
    apiUrl: emulator.apiUrl,
    servingUrl: emulator.servingUrl,
    tenantId: emulator.tenantId,
    wireFormat: wireOf(options),
    logger: (line) => lines.push(line),
    ...clientOptions,
  });
  return {
    emulator,
    client,
    lines,
    async close(): Promise<void> {
      await client.close();
      await emulator.close();
    },
  };
}

// The emulator's `wire` option (platform by default); read loosely so this helper compiles against
// an emulator that predates the option.
function wireOf(options: EmulatorOptions): "platform" | "spec" {
  return (options as { wire?: "platform" | "spec" }).wire ?? "platform";
}

/**
 * A waiter clock tied to the emulator's manual clock: each poll sleep advances emulated time by
 * the same amount, so a 30-minute wait runs in milliseconds and still follows the poll schedule.
 */
export function emulatorClock(emulator: Emulator): WaitClock & { elapsed: () => number } {
  let now = 0;
  return {
    now: () => now,
    elapsed: () => now,
    sleep: async (ms: number) => {
      now += ms;
      await emulator.control.advance(ms / 1000);
    },
  };
}

/** A waiter clock that moves only locally: the emulator's manual clock stands still. */
export function frozenEmulatorClock(): WaitClock {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

/** Platform calls from the emulator's request log, as "METHOD path". */
export async function calls(emulator: Emulator): Promise<string[]> {
  const entries = await emulator.control.requests();
  return entries.map((e: { method: string; path: string }) => `${e.method} ${e.path}`);
}
