// Stacks of Pulumi YAML programs, run by the real engine through `pulumi-language-yaml` and the
// native plugin `pulumi-resource-predibase` (both found on the PATH that scripts/engine-env.mjs
// puts first). Each stack gets a temp copy of its program, a local file backend and stack config
// naming an emulator (the token as a secret), as a user's YAML project would have.
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator/index.js";
import { engineBinDir, offlinePulumiEnv } from "../../scripts/engine-env.mjs";
import { newWorkDir, type TestStack, wrap } from "./stacks.js";

export const STACK_NAME = "test";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr, for messages that may land on either. */
  out: string;
}

export interface YamlStack extends TestStack {
  /** The folder holding the stack's copy of Pulumi.yaml. */
  projectDir: string;
  /** Replaces the program (Pulumi.yaml), e.g. to change an input between two runs. */
  writeProgram(text: string): void;
  readProgram(): string;
  /** The `pulumi` CLI in the project folder with the stack's environment, non-interactive. */
  cli(args: string[]): Promise<CliResult>;
  /**
   * The same, started and left running: for signals. Output is collected into `output()`.
   * `detached` gives it its own process group, as a terminal's foreground job has: signal `-pid`
   * to reach the whole group, as Ctrl-C does.
   */
  spawnCli(args: string[], options?: { detached?: boolean }): { child: ChildProcess; output: () => string };
}

export interface YamlStackOptions {
  /** A prefix for the work folder, e.g. "yaml-quickstart". */
  prefix: string;
  /** The program: the text of a Pulumi.yaml, or a folder holding one (copied whole). */
  program: string | { dir: string };
  /** Writes `predibase:*` stack config naming this emulator (token secret). */
  emulator?: RunningEmulator;
  /** Extra environment for the engine and its plugins. */
  env?: Record<string, string>;
}

/** Stack config for the default provider, as `pulumi config set [--secret] predibase:<key>` writes it. */
export function predibaseConfig(emu: RunningEmulator): Record<string, { value: string; secret?: boolean }> {
  return {
    "predibase:apiToken": { value: emu.apiToken, secret: true },
    "predibase:apiUrl": { value: emu.apiUrl },
    "predibase:servingUrl": { value: emu.servingUrl },
    "predibase:tenantId": { value: emu.tenantId },
    "predibase:wireFormat": { value: emu.wire },
  };
}

export async function yamlStack(options: YamlStackOptions): Promise<YamlStack> {
  const dir = newWorkDir(options.prefix);
  const projectDir = join(dir, "project");
  mkdirSync(projectDir, { recursive: true });
  if (typeof options.program === "string") {
    writeFileSync(join(projectDir, "Pulumi.yaml"), options.program);
  } else {
    cpSync(options.program.dir, projectDir, { recursive: true });
  }
  // offlinePulumiEnv names this checkout (PULUMI_PREDIBASE_ROOT) for the shared plugin launcher.
  const env = offlinePulumiEnv(dir, options.env ?? {});
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: STACK_NAME, workDir: projectDir },
    { envVars: env, pulumiCommand: await PulumiCommand.get({ root: dirname(engineBinDir()) }) },
  );
  if (options.emulator) await stack.setAllConfig(predibaseConfig(options.emulator));
  const programFile = join(projectDir, "Pulumi.yaml");
  // The CLI sees the test process's environment too (as the Automation API's commands do), with
  // the stack's own variables on top.
  const cliEnv = { ...process.env, ...env } as Record<string, string>;
  const startCli = (args: string[], detached = false) => {
    const child = spawn("pulumi", [...args, "--stack", STACK_NAME, "--non-interactive", "--color", "never"], {
      cwd: projectDir,
      env: cliEnv,
      detached,
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => {
      stdout += d;
    });
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    return { child, streams: () => ({ stdout, stderr }) };
  };
  return {
    ...wrap(stack, dir, env),
    projectDir,
    writeProgram: (text) => writeFileSync(programFile, text),
    readProgram: () => readFileSync(programFile, "utf8"),
    // Async on purpose: the emulator runs in the test process and must keep answering meanwhile.
    cli: (args) => {
      const { child, streams } = startCli(args);
      return new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => {
          const { stdout, stderr } = streams();
          resolve({ code, stdout, stderr, out: `${stdout}\n${stderr}` });
        });
      });
    },
    spawnCli: (args, options) => {
      const { child, streams } = startCli(args, options?.detached ?? false);
      return {
        child,
        output: () => {
          const { stdout, stderr } = streams();
          return `${stdout}\n${stderr}`;
        },
      };
    },
  };
}

/** The resources of one type in the stack's state (`predibase:index:Deployment`, …). */
export function stateOfType(
  t: TestStack,
  type: string,
): Array<{ urn: string; type: string; id?: string; outputs?: Record<string, unknown> }> {
  return t.stateResources().filter((r) => r.type === type);
}
