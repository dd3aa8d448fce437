// Ctrl-C during a readiness wait (issue 14): the engine's Cancel reaches the native plugin, which
// ends its waits in flight at once and reports the deployment as after a timeout (created but not
// ready, with its id). So the run ends within seconds instead of at the wait's end (90 minutes by
// default), nothing is orphaned, and the next `up` converges without creating again.
// Two senders: a terminal's Ctrl-C (SIGINT to the CLI's whole process group) and a CI runner's
// stop (SIGINT to the CLI alone). The engine starts its language host and plugins in process
// groups of their own, so in both cases the plugin learns of it only through the engine's Cancel.
import type { ChildProcess } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, names } from "../support/platform.js";
import { stateOfType, type YamlStack, yamlStack } from "../support/yaml-stacks.js";

const PROGRAM = `name: cancel-wait
runtime: yaml
resources:
  llm:
    type: predibase:index:Deployment
    properties:
      name: cancel-llm
      baseModel: llama-3-2-1b-instruct
`;

const deploymentPosts = (emu: RunningEmulator) =>
  emu.control.requests().filter((r) => r.method === "POST" && /\/deployments$/.test(r.path)).length;
const deploymentGets = (emu: RunningEmulator) =>
  emu.control.requests().filter((r) => r.method === "GET" && /\/deployments\/cancel-llm$/.test(r.path))
    .length;

async function until(condition: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The exit code, or "still running" after `timeoutMs`. */
function exited(child: ChildProcess, timeoutMs: number): Promise<number | null | "still running"> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    child.on("exit", (code) => resolve(code));
    setTimeout(() => resolve("still running"), timeoutMs);
  });
}

describe.each([
  { sender: "Ctrl-C in a terminal (the process group)", group: true },
  { sender: "a CI runner's SIGINT (the CLI alone)", group: false },
])("SIGINT during a readiness wait: $sender", ({ group }) => {
  let emu: RunningEmulator;
  let t: YamlStack;

  beforeEach(async () => {
    // A manual clock: the deployment stays pending until the test lets time run.
    emu = await emulator({ clock: "manual" });
    t = await yamlStack({ prefix: "plugin-cancel", program: PROGRAM, emulator: emu });
  });
  afterEach(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("ends the run within seconds, keeps the deployment in state, and the next up converges", async () => {
    const run = t.spawnCli(["up", "--yes", "--skip-preview"], { detached: group });
    // Created, and the plugin is polling it: the wait is in flight.
    await until(() => deploymentPosts(emu) === 1 && deploymentGets(emu) >= 2, "the readiness wait");
    const signalled = Date.now();
    const pid = run.child.pid ?? 0;
    process.kill(group ? -pid : pid, "SIGINT");
    const code = await exited(run.child, 30_000);
    const seconds = (Date.now() - signalled) / 1000;
    if (code === "still running") {
      // Pulumi's second Ctrl-C ends it at once (taking its plugins along), then the test fails.
      process.kill(pid, "SIGINT");
      await exited(run.child, 10_000);
    }
    expect(code, run.output()).not.toBe("still running"); // the default wait is 90 minutes
    expect(code, run.output()).not.toBe(0);
    expect(seconds, run.output()).toBeLessThan(15);
    // As after a timeout: in state with its id and last seen status; no pending create left over.
    const [kept] = stateOfType(t, "predibase:index:Deployment");
    expect(kept?.id, run.output()).toBe("cancel-llm");
    expect(kept?.outputs?.status).toBe("pending");
    expect(t.stateText()).not.toMatch(/"pending_operations":\s*\[\s*\{/);
    expect(names(emu, "deployments")).toEqual(["cancel-llm"]);
    // The next up resumes the wait on the same deployment, which the platform now finishes.
    emu.control.advance(400); // past pending (30 s) and initializing (300 s), short of standby
    const up = await t.stack.up();
    expect(up.summary.resourceChanges?.create ?? 0).toBe(0);
    expect(deploymentPosts(emu)).toBe(1);
    expect(stateOfType(t, "predibase:index:Deployment")[0]?.outputs?.status).toBe("ready");
  });
});
