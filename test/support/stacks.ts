// Stacks for tests: a real Pulumi engine (built by scripts/ensure-engine.sh) driven through the
// Automation API, with a local file backend in a fresh folder per stack. Work folders live under
// the repository's .cache/ so the engine's dynamic-provider launcher resolves @pulumi/pulumi
// (and pulumi-predibase) from the repository's node_modules, as it would in a user's project.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { engineBinDir, offlinePulumiEnv, repoRoot } from "../../scripts/engine-env.mjs";

export interface TestStack {
  stack: Stack;
  dir: string;
  env: Record<string, string>;
  /** The raw text of the stack's state file in the local backend. */
  stateText(): string;
  /** The parsed checkpoint's resources. */
  stateResources(): Array<{ urn: string; type: string; id?: string; outputs?: Record<string, unknown> }>;
  dispose(): Promise<void>;
}

export function newWorkDir(prefix: string): string {
  const base = join(repoRoot, ".cache", "test-stacks");
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${prefix}-`));
}

export async function inlineStack(
  projectName: string,
  program: PulumiFn,
  extraEnv: Record<string, string> = {},
): Promise<TestStack> {
  const dir = newWorkDir(projectName);
  const env = offlinePulumiEnv(dir, extraEnv);
  const pulumiCommand = await PulumiCommand.get({ root: dirname(engineBinDir()) });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "test", projectName, program },
    {
      workDir: dir,
      envVars: env,
      pulumiCommand,
      projectSettings: { name: projectName, runtime: "nodejs", backend: { url: env.PULUMI_BACKEND_URL } },
    },
  );
  return wrap(stack, dir, env);
}

export function wrap(stack: Stack, dir: string, env: Record<string, string>): TestStack {
  const stateFile = () => findStateFile(join(dir, "backend"), stack.name);
  return {
    stack,
    dir,
    env,
    stateText: () => readFileSync(stateFile(), "utf8"),
    stateResources: () => {
      const checkpoint = JSON.parse(readFileSync(stateFile(), "utf8"));
      return checkpoint.checkpoint?.latest?.resources ?? [];
    },
    dispose: async () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function findStateFile(backendDir: string, stackName: string): string {
  const stacksRoot = join(backendDir, ".pulumi", "stacks");
  const walk = (d: string): string | undefined => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) {
        const found = walk(p);
        if (found) return found;
      } else if (entry.name === `${stackName}.json`) {
        return p;
      }
    }
    return undefined;
  };
  const found = walk(stacksRoot);
  if (!found) throw new Error(`no state file for stack ${stackName} under ${stacksRoot}`);
  return found;
}
