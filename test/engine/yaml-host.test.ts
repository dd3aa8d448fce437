// Pulumi YAML's language host, built by scripts/ensure-engine.sh from its own module
// (tools/pulumi-yaml), runs a YAML program through the real engine and the Automation API with the
// offline environment: the engine finds the host beside itself on PATH and downloads nothing.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineBinDir, offlinePulumiEnv } from "../../scripts/engine-env.mjs";
import { newWorkDir } from "../support/stacks.js";

// No resources: variables evaluated by the YAML host (fn::join, the pulumi.* built-ins) and outputs.
const program = `name: yaml-host-check
runtime: yaml
variables:
  shout:
    fn::join: ["", ["hello from ", "\${pulumi.project}", "/", "\${pulumi.stack}", "!"]]
outputs:
  shout: \${shout}
  words:
    fn::split: [" ", "\${shout}"]
`;

/** Where a `sh` with this environment finds the command, as the engine's PATH lookup would. */
function which(command: string, env: Record<string, string>): string {
  return execFileSync("sh", ["-c", `command -v ${command}`], { env, encoding: "utf8" }).trim();
}

describe("the YAML language host built by ensure-engine.sh", () => {
  let dir: string;
  let env: Record<string, string>;
  let stack: Stack;

  beforeAll(async () => {
    dir = newWorkDir("yaml-host");
    writeFileSync(join(dir, "Pulumi.yaml"), program);
    env = offlinePulumiEnv(dir);
    const pulumiCommand = await PulumiCommand.get({ root: dirname(engineBinDir()) });
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "test", workDir: dir },
      { envVars: env, pulumiCommand },
    );
  });
  afterAll(async () => {
    await stack?.workspace.removeStack("test", { force: true }).catch(() => undefined);
  });

  it("is on the offline PATH, beside the engine", () => {
    expect(which("pulumi-language-yaml", env)).toBe(join(engineBinDir(), "pulumi-language-yaml"));
    expect(which("pulumi", env)).toBe(join(engineBinDir(), "pulumi"));
  });

  it("runs a YAML program's up, evaluating its variables into outputs", async () => {
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.outputs.shout?.value).toBe("hello from yaml-host-check/test!");
    expect(up.outputs.words?.value).toEqual(["hello", "from", "yaml-host-check/test!"]);
  });

  it("downloaded no plugin into PULUMI_HOME", () => {
    const plugins = join(env.PULUMI_HOME as string, "plugins");
    const downloaded = existsSync(plugins)
      ? readdirSync(plugins).filter((name) => !name.startsWith("."))
      : [];
    expect(downloaded).toEqual([]);
  });
});
