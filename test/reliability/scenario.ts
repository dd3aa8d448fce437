// One engine scenario: a fresh emulator, a stack wired to it through stack config (the token a
// secret), a program touching every resource kind and phase, and steps run with faults armed.
// Afterwards the platform is audited against the state and the texts are searched for the token.
import * as predibase from "pulumi-predibase";
import type { FaultRule, RunningEmulator } from "../../emulator/index.js";
import { emulator, predibaseStack } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";
import { audit, backendText, ESTATE, leaks, type Row } from "./harness.js";

/** Knobs the program reads when it runs, so a step can change them. */
export interface EstateOptions {
  deploymentTimeouts?: { create?: string; delete?: string };
}

/** Every kind: named creates, two job creates, readiness waits of a deployment and two jobs. */
export function estate(options: EstateOptions = {}) {
  const repo = new predibase.AdapterRepo("repo", {});
  const data = new predibase.Dataset("data", { source: "s3://bucket/train.jsonl" });
  const job = new predibase.FineTuningJob("job", {
    baseModel: "llama-3-2-1b-instruct",
    dataset: data.name,
    repo: repo.name,
  });
  const llm = new predibase.Deployment("llm", {
    baseModel: "llama-3-2-1b-instruct",
    ...(options.deploymentTimeouts ? { timeouts: options.deploymentTimeouts } : {}),
  });
  new predibase.BatchInferenceJob("batch", { baseModel: "llama-3-2-1b-instruct", dataset: data.name });
  return { adapter: job.adapterVersion, llm: llm.name };
}

export interface Step {
  /** Faults armed before this step (earlier ones are cleared). */
  faults?: FaultRule[];
  run: (t: TestStack, emu: RunningEmulator, out: (text: string) => void) => Promise<unknown>;
  /** The step is meant to fail (a persistent fault): failing is the expected outcome. */
  fails?: boolean;
  /** User reruns: when the step fails, run it again (up to this many times), faults still armed. */
  reruns?: number;
  /** A destroy: what the API cannot delete (datasets, finished jobs) is then history, not an orphan. */
  destroys?: boolean;
  /** Checks after the step, with what it printed or threw. */
  after?: (ctx: { t: TestStack; emu: RunningEmulator; text: string; failed: boolean; ms: number }) => void;
}

export interface ScenarioResult {
  row: Row;
  detail: string[];
  errors: string[];
  /** Calls answered by an injected status or reset fault (delays are not counted). */
  struck: number;
}

/** Runs the steps, then audits the platform against the state (what a destroy leaves included). */
export async function scenario(
  name: string,
  steps: Step[],
  extra: { seed?: number; declared?: Record<string, number>; estate?: EstateOptions } = {},
): Promise<ScenarioResult> {
  const program = extra.estate ?? {};
  const emu = await emulator(extra.seed === undefined ? {} : { seed: extra.seed });
  const t = await predibaseStack(`rel-${name.replace(/[^a-z0-9]+/gi, "-").slice(0, 30)}`, emu, async () =>
    estate(program),
  );
  const texts: string[] = [];
  const errors: string[] = [];
  const detail: string[] = [];
  let converged = true;
  let runs = 0;
  let duplicates = 0;
  let orphans = 0;
  try {
    for (const [index, step] of steps.entries()) {
      emu.control.clearFaults();
      if (step.faults) emu.control.addFaults(step.faults);
      let text = "";
      const out = (s: string) => {
        text += s;
      };
      const started = Date.now();
      const attempt = async (): Promise<boolean> => {
        runs++;
        try {
          const r = (await step.run(t, emu, out)) as { stdout?: string; stderr?: string } | undefined;
          // What the user sees. (Not the whole result object: the Automation API fills its
          // summary.config with decrypted config, in the caller's own memory.)
          out(`${r?.stdout ?? ""}${r?.stderr ?? ""}`);
          return false;
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          errors.push(message);
          out(message);
          return true;
        }
      };
      let failed = await attempt();
      for (let i = 0; failed && i < (step.reruns ?? 0); i++) failed = await attempt();
      if (failed !== (step.fails === true)) converged = false;
      texts.push(text);
      step.after?.({ t, emu, text, failed, ms: Date.now() - started });
      // After every step, failed or not: the platform and the state must agree.
      const found = audit(emu, stateOf(t), extra.declared ?? ESTATE, step.destroys === true);
      duplicates = Math.max(duplicates, found.duplicates);
      orphans = Math.max(orphans, found.orphans);
      detail.push(...found.detail.map((d) => `step ${index + 1}: ${d}`));
    }
    texts.push(backendText(t.dir));
    const row: Row = {
      scenario: name,
      runs,
      converged,
      duplicates,
      orphans,
      requests: emu.control.requests().length,
      leaks: leaks(emu.apiToken, ...texts),
    };
    const struck = emu.control.requests().filter((r) => r.fault !== null).length;
    return { row, detail, errors, struck };
  } finally {
    emu.control.clearFaults();
    await t.stack.destroy().catch(() => undefined);
    await t.dispose();
    await emu.close();
  }
}

export const up = (t: TestStack, _e: RunningEmulator, out: (s: string) => void) =>
  t.stack.up({ onOutput: out });
export const refresh = (t: TestStack, _e: RunningEmulator, out: (s: string) => void) =>
  t.stack.refresh({ onOutput: out });
export const destroy = (t: TestStack, _e: RunningEmulator, out: (s: string) => void) =>
  t.stack.destroy({ onOutput: out });
export const preview = (t: TestStack, _e: RunningEmulator, out: (s: string) => void) =>
  t.stack.preview({ onOutput: out });

function stateOf(t: TestStack) {
  try {
    return t.stateResources();
  } catch {
    return []; // no state written yet
  }
}

/** Platform calls matching a method and path regex. */
export function calls(emu: RunningEmulator, method: string, path: RegExp): number {
  return emu.control.requests().filter((r) => r.method === method && path.test(r.path)).length;
}
