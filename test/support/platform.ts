// A Predibase emulator per test file, and stacks wired to it the way a user wires a real account:
// through PREDIBASE_* environment variables or through `predibase:*` stack config (token secret).
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../emulator/index.js";
import { inlineStack, type TestStack } from "./stacks.js";

export async function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ timeScale: 5_000, ...options });
}

export function platformEnv(emu: RunningEmulator): Record<string, string> {
  return {
    PREDIBASE_API_TOKEN: emu.apiToken,
    PREDIBASE_API_URL: emu.apiUrl,
    PREDIBASE_SERVING_URL: emu.servingUrl,
    PREDIBASE_TENANT_ID: emu.tenantId,
    PREDIBASE_WIRE_FORMAT: emu.wire,
  };
}

/** A stack whose provider reaches the emulator through stack config, the token as a secret. */
export async function predibaseStack(
  project: string,
  emu: RunningEmulator,
  program: PulumiFn,
): Promise<TestStack> {
  const t = await inlineStack(project, program);
  await t.stack.setAllConfig({
    "predibase:apiToken": { value: emu.apiToken, secret: true },
    "predibase:apiUrl": { value: emu.apiUrl },
    "predibase:servingUrl": { value: emu.servingUrl },
    "predibase:tenantId": { value: emu.tenantId },
    "predibase:wireFormat": { value: emu.wire },
  });
  return t;
}

/** Platform calls that change something (the emulator's request log), optionally since a sequence number. */
export async function writesSince(
  emu: RunningEmulator,
  since = 0,
): Promise<Array<{ method: string; path: string }>> {
  const log = await emu.control.requests(since);
  return log.filter((r: { method: string }) => r.method !== "GET");
}

export async function lastSeq(emu: RunningEmulator): Promise<number> {
  const log = await emu.control.requests();
  return log.length === 0 ? 0 : Math.max(...log.map((r: { seq: number }) => r.seq));
}

type Kind = "repos" | "datasets" | "deployments" | "finetuning_jobs" | "batch_jobs";

/** The emulator's objects of one kind for the default tenant, as the platform would show them. */
export function objects(emu: RunningEmulator, kind: Kind): Array<Record<string, unknown>> {
  return (emu.control.state().tenants[emu.tenantId]?.[kind] ?? []) as Array<Record<string, unknown>>;
}

export function names(emu: RunningEmulator, kind: Kind): string[] {
  return objects(emu, kind).map((o) => String(o.name ?? o.id));
}
