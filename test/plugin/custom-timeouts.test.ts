// Waits take the engine's `customTimeouts` (issue 14): the plugin receives the Create request's
// `timeout` and stops waiting then, ahead of the `timeouts` input; with no customTimeouts, the
// `timeouts` input applies. A wait that times out leaves the deployment in state with its id (the
// engine's "created but failed to initialize"), and the next `up` with room to wait converges.
// The emulator's manual clock keeps each deployment `pending` until the test lets time run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { emulator, objects } from "../support/platform.js";
import { stateOfType, type YamlStack, yamlStack } from "../support/yaml-stacks.js";

const TYPE = "predibase:index:Deployment";

/** A Deployment named as its logical name; `properties` and `options` are YAML lines under it. */
function deployment(name: string, properties: string, options = ""): string {
  return `  ${name}:
    type: predibase:index:Deployment
    properties:
      name: ${name}
      baseModel: llama-3-2-1b-instruct
${properties}${options}`;
}

function program(...resources: string[]): string {
  const head = "name: custom-timeouts\nruntime: yaml\n";
  return resources.length === 0 ? head : `${head}resources:\n${resources.join("\n")}\n`;
}

const SLOW_INPUT = '      timeouts:\n        create: "90m"\n';

/**
 * Runs `up`, expecting it to fail on the timeout; returns the error text and the seconds it took.
 * An up still running after 60 s has missed its timeout: it is cancelled, and the test fails.
 */
async function failingUp(t: YamlStack): Promise<{ message: string; seconds: number }> {
  const started = Date.now();
  const error = await t.stack.up({ signal: AbortSignal.timeout(60_000) }).then(
    () => undefined,
    (err: unknown) => err,
  );
  const seconds = (Date.now() - started) / 1000;
  expect(error, "up should have failed on the timeout").toBeInstanceOf(Error);
  expect(seconds, "up ran on past its timeout (cancelled at 60 s)").toBeLessThan(55);
  return { message: String((error as Error).message), seconds };
}

describe("customTimeouts and the timeouts input", () => {
  let emu: RunningEmulator;
  let t: YamlStack;

  beforeAll(async () => {
    emu = await emulator({ clock: "manual" });
    t = await yamlStack({ prefix: "plugin-timeouts", program: program(), emulator: emu });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("stops a create's wait at customTimeouts.create, ahead of the timeouts input", async () => {
    t.writeProgram(
      program(
        deployment("slow-llm", SLOW_INPUT, "    options:\n      customTimeouts:\n        create: 5s\n"),
      ),
    );
    const { message, seconds } = await failingUp(t);
    expect(message).toMatch(/slow-llm/);
    expect(message).toMatch(/within 5s/);
    expect(seconds).toBeGreaterThanOrEqual(5);
    // In state with its id, still pending: nothing orphaned.
    const [kept] = stateOfType(t, TYPE);
    expect(kept?.id).toBe("slow-llm");
    expect(kept?.outputs?.status).toBe("pending");
    expect(objects(emu, "deployments").map((d) => d.name)).toEqual(["slow-llm"]);
  });

  it("converges on the next up with room to wait, without a second create", async () => {
    t.writeProgram(
      program(
        deployment(
          "slow-llm",
          SLOW_INPUT,
          "    options:\n      customTimeouts:\n        create: 10m\n        update: 10m\n",
        ),
      ),
    );
    // 400 emulated seconds: past pending (30) and initializing (300), short of standby (idle 600).
    const posts = () =>
      emu.control.requests().filter((r) => r.method === "POST" && /\/deployments$/.test(r.path)).length;
    const before = posts();
    const up = t.stack.up();
    // The next up resumes the wait on the same deployment; let the platform finish it meanwhile.
    const timer = setTimeout(() => emu.control.advance(400), 3_000);
    const result = await up.finally(() => clearTimeout(timer));
    expect(result.summary.resourceChanges?.create ?? 0).toBe(0);
    expect(posts()).toBe(before);
    const [ready] = stateOfType(t, TYPE);
    expect(ready?.id).toBe("slow-llm");
    expect(ready?.outputs?.status).toBe("ready");
  });

  it("uses the timeouts input when the program gives no customTimeouts", async () => {
    // slow-llm stays in the program: removing it would wait for its delete on the stopped clock.
    t.writeProgram(
      program(
        deployment("slow-llm", SLOW_INPUT),
        deployment("input-timeout-llm", '      timeouts:\n        create: "3s"\n'),
      ),
    );
    const { message, seconds } = await failingUp(t);
    expect(message).toMatch(/input-timeout-llm/);
    expect(message).toMatch(/within 3s/);
    expect(seconds).toBeGreaterThanOrEqual(3);
    const kept = stateOfType(t, TYPE).find((r) => r.id === "input-timeout-llm");
    expect(kept?.outputs?.status).toBe("pending");
  });
});
