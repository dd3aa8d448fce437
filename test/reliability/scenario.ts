// One engine scenario: a fresh emulator, a stack wired to it through stack config (the token a
// secret), a program touching every resource kind and phase, and steps run with faults armed.
// Afterwards the platform is audited against the state and the texts are searched for the token.
import { randomBytes } from "node:crypto";
import * as predibase from "pulumi-predibase";
import type { Durations, FaultRule, RunningEmulator } from "../../emulator/index.js";
import { emulator, predibaseStack } from "../support/platform.js";
import type { TestStack } from "../support/stacks.js";
import { audit, backendText, ESTATE, FaultTally, leaks, type Row } from "./harness.js";

/** Knobs the program reads when it runs, so a step can change them. */
export interface EstateOptions {
  deploymentTimeouts?: { create?: string; delete?: string };
}

/** A Hugging Face token the deployment carries: a second secret searched for in every text. */
export const HF_TOKEN = `hf_reliability_${randomBytes(12).toString("hex")}`;

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
    hfToken: HF_TOKEN,
    ...(options.deploymentTimeouts ? { timeouts: options.deploymentTimeouts } : {}),
  });
  new predibase.BatchInferenceJob("batch", { baseModel: "llama-3-2-1b-instruct", dataset: data.name });
  return { adapter: job.adapterVersion, llm: llm.name };
}

export interface Step {
  /** Faults armed before this step (earlier ones are cleared). */
  faults?: FaultRule[];
  /**
   * Faults armed while the step runs, as soon as the platform has received every create named
   * (method and path of the request log): "mid-wait" faults, after the object exists.
   */
  midWait?: {
    /** Each call must have succeeded `times` times (default 1). */
    after: Array<{ method: string; path: RegExp; times?: number }>;
    faults: FaultRule[];
    /** Called at the same moment, for faults armed elsewhere (a proxy). */
    also?: () => void;
  };
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
  /** Calls answered by an injected status or reset fault, in the request log (delays not counted). */
  struck: number;
}

/** What a scenario also needs: a seed, the declared counts, program knobs, emulator options. */
export interface ScenarioExtra {
  seed?: number;
  declared?: Record<string, number>;
  estate?: EstateOptions;
  /** Lifecycle phase durations (emulated seconds; the emulator runs 5000x real time). */
  durations?: Partial<Durations>;
  /** Called once the stack exists, e.g. to put a proxy between the provider and the emulator. */
  setup?: (t: TestStack, emu: RunningEmulator, tally: FaultTally) => Promise<() => Promise<void>>;
}

/** Runs the steps, then audits the platform against the state (what a destroy leaves included). */
export async function scenario(
  name: string,
  steps: Step[],
  extra: ScenarioExtra = {},
): Promise<ScenarioResult> {
  const program = extra.estate ?? {};
  const emu = await emulator({
    ...(extra.seed === undefined ? {} : { seed: extra.seed }),
    ...(extra.durations === undefined ? {} : { durations: extra.durations }),
  });
  const t = await predibaseStack(`rel-${name.replace(/[^a-z0-9]+/gi, "-").slice(0, 30)}`, emu, async () =>
    estate(program),
  );
  const tally = new FaultTally(emu);
  const teardown = extra.setup ? await extra.setup(t, emu, tally) : async () => {};
  const texts: string[] = [];
  const errors: string[] = [];
  const detail: string[] = [];
  let converged = true;
  let runs = 0;
  let duplicates = 0;
  let orphans = 0;
  try {
    for (const [index, step] of steps.entries()) {
      tally.collect();
      emu.control.clearFaults();
      if (step.faults) tally.arm(step.faults);
      const stopArming = step.midWait ? armWhenSeen(emu, tally, step.midWait) : () => {};
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
      stopArming();
      if (failed !== (step.fails === true)) converged = false;
      texts.push(text);
      // A failed check is recorded, not thrown: the audit still runs and the row still lands in
      // the table, showing the failure (the test then fails on `detail`).
      try {
        step.after?.({ t, emu, text, failed, ms: Date.now() - started });
      } catch (err) {
        detail.push(`step ${index + 1} check failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      // After every step, failed or not: the platform and the state must agree.
      const found = audit(emu, stateOf(t), extra.declared ?? ESTATE, step.destroys === true);
      duplicates = Math.max(duplicates, found.duplicates);
      orphans = Math.max(orphans, found.orphans);
      detail.push(...found.detail.map((d) => `step ${index + 1}: ${d}`));
    }
    texts.push(backendText(t.dir));
    const faults = tally.count();
    for (const rule of faults.unfired) detail.push(`armed but never fired: ${rule}`);
    const row: Row = {
      scenario: name,
      runs,
      converged,
      duplicates,
      orphans,
      requests: emu.control.requests().length,
      leaks: leaks(emu.apiToken, ...texts) + leaks(HF_TOKEN, ...texts),
      faults,
    };
    const struck = emu.control.requests().filter((r) => r.fault !== null).length;
    return { row, detail, errors, struck };
  } finally {
    emu.control.clearFaults();
    await teardown();
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

/**
 * Arms `midWait.faults` as soon as the request log shows every call of `midWait.after` (polled
 * every 25 ms while the step runs). Returns the function that stops watching.
 */
function armWhenSeen(emu: RunningEmulator, tally: FaultTally, midWait: NonNullable<Step["midWait"]>) {
  const timer = setInterval(() => {
    const log = emu.control.requests();
    const seen = midWait.after.every(
      (want) =>
        log.filter((r) => r.method === want.method && want.path.test(r.path) && r.status < 400).length >=
        (want.times ?? 1),
    );
    if (seen) {
      clearInterval(timer);
      tally.arm(midWait.faults);
      midWait.also?.();
    }
  }, 25);
  return () => clearInterval(timer);
}

/** Platform calls matching a method and path regex. */
export function calls(emu: RunningEmulator, method: string, path: RegExp): number {
  return emu.control.requests().filter((r) => r.method === method && path.test(r.path)).length;
}
