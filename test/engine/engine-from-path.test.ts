// ensure-engine.sh's first branch: an engine already on PATH (a developer's own Pulumi) is used,
// and the directory it prints still holds everything the tests need beside it: links to the PATH's
// tools, Pulumi YAML's language host and the pulumi-resource-predibase launcher. Here the engine
// the second branch built plays the developer's install, with a fresh cache folder.
import { execFileSync } from "node:child_process";
import { existsSync, readlinkSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { beforeAll, describe, expect, it } from "vitest";
import { engineBinDir, offlinePulumiEnv, repoRoot } from "../../scripts/engine-env.mjs";
import { newWorkDir } from "../support/stacks.js";

describe("ensure-engine.sh with an engine already on PATH", () => {
  let builtBin: string;
  let cache: string;
  let printed: string;

  beforeAll(() => {
    builtBin = engineBinDir();
    cache = join(newWorkDir("engine-from-path"), "cache");
    const out = execFileSync("bash", [join(repoRoot, "scripts", "ensure-engine.sh")], {
      encoding: "utf8",
      env: { ...process.env, PATH: `${builtBin}:${process.env.PATH}`, PULUMI_PREDIBASE_CACHE: cache },
    });
    printed = out.trim().split("\n").pop() as string;
  });

  it("prints a directory of its own cache, building nothing", () => {
    const version = execFileSync(join(builtBin, "pulumi"), ["version"], { encoding: "utf8" })
      .trim()
      .replace(/^v/, "");
    expect(printed).toBe(join(cache, version, "from-path", "bin"));
    expect(existsSync(join(cache, version, "bin"))).toBe(false);
  });

  it("links the PATH's engine, Node.js host and YAML host", () => {
    for (const tool of [
      "pulumi",
      "pulumi-language-nodejs",
      "pulumi-resource-pulumi-nodejs",
      "pulumi-language-yaml",
    ]) {
      expect(readlinkSync(join(printed, tool))).toBe(realpathSync(join(builtBin, tool)));
    }
  });

  it("writes the plugin launcher there", () => {
    expect(execFileSync("cat", [join(printed, "pulumi-resource-predibase")], { encoding: "utf8" })).toContain(
      "dist/provider/plugin/main.js",
    );
  });

  it("runs a YAML program through that directory", async () => {
    const dir = newWorkDir("engine-from-path-yaml");
    writeFileSync(
      join(dir, "Pulumi.yaml"),
      `name: from-path\nruntime: yaml\noutputs:\n  stack: \${pulumi.stack}\n`,
    );
    const env = {
      ...offlinePulumiEnv(dir),
      PATH: [printed, join(repoRoot, "node_modules", ".bin"), process.env.PATH].join(":"),
    };
    const pulumiCommand = await PulumiCommand.get({ root: dirname(printed) });
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "test", workDir: dir },
      { envVars: env, pulumiCommand },
    );
    const up = await stack.up();
    expect(up.outputs.stack?.value).toBe("test");
  });
});
