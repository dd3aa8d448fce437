// The generated SDKs (generated/sdks) are what `npm run gen:sdks` makes of today's schema, byte for
// byte, and each one is usable code: the Node.js SDK type-checks (with a program that uses it, and
// rejects a wrong input type) and, compiled, runs a program through the plugin against the
// emulator; the Python SDK compiles, the Go SDK builds against the engine's
// Pulumi Go SDK. Needs `npm run build` first, like every engine-driven test.
import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/engine-env.mjs";
import { buildNodeSdk, generate, LANGUAGES } from "../../scripts/gen-sdks.mjs";
import { emulator, platformEnv } from "../support/platform.js";
import { inlineStack } from "../support/stacks.js";

const committed = join(repoRoot, "generated", "sdks");
const pulumiVersion = (
  JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  }
).devDependencies["@pulumi/pulumi"];

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

type Args = Record<string, unknown>;
/**
 * The part of the compiled Node.js SDK the program below uses. (Its real types are checked by the
 * type-check test; importing them here would put generated code into the repository's own build.)
 */
interface CompiledSdk {
  AdapterRepo: new (name: string, args: Args) => { name: pulumi.Output<string> };
  Dataset: new (name: string, args: Args) => { name: pulumi.Output<string> };
  FineTuningJob: new (name: string, args: Args) => { adapterVersion: pulumi.Output<string | undefined> };
  Deployment: new (
    name: string,
    args: Args,
  ) => { status: pulumi.Output<string>; openaiBaseUrl: pulumi.Output<string | undefined> };
  AdapterType: { Lora: string };
  getModelsOutput(): pulumi.Output<{ models: Array<{ name: string }> }>;
  getModelOutput(args: { name: string }): pulumi.Output<{ minAccelerator?: string }>;
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "predibase-sdks-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of one committed SDK to build in, so no build output lands in generated/. */
function copyOf(language: string): string {
  const dir = join(work, `build-${language}`);
  cpSync(join(committed, language), dir, { recursive: true });
  return dir;
}

describe("generated/sdks", () => {
  // Builds the generator first when no other test did (about a minute with a warm Go build cache).
  it("is what gen:sdks makes of today's schema, byte for byte (and schema.json too)", {
    timeout: 900_000,
  }, () => {
    const root = join(work, "regenerated");
    mkdirSync(root);
    generate(root);
    expect(readFileSync(join(root, "schema.json"), "utf8")).toBe(
      readFileSync(join(repoRoot, "schema.json"), "utf8"),
    );
    for (const language of LANGUAGES) {
      const fresh = join(root, "generated", "sdks", language);
      const files = filesUnder(join(committed, language));
      expect(files.length, language).toBeGreaterThan(10);
      expect(filesUnder(fresh), `${language}: the same files`).toEqual(files);
      for (const file of files) {
        const same = readFileSync(join(fresh, file)).equals(readFileSync(join(committed, language, file)));
        expect(
          same,
          `generated/sdks/${language}/${file} is stale: run npm run build && npm run gen:sdks`,
        ).toBe(true);
      }
    }
  });

  it("Node.js: the SDK and a program using it type-check with the repo's TypeScript", () => {
    const dir = copyOf("nodejs");
    mkdirSync(join(dir, "node_modules", "@pulumi"), { recursive: true });
    mkdirSync(join(dir, "node_modules", "@types"), { recursive: true });
    symlinkSync(
      join(repoRoot, "node_modules", "@pulumi", "pulumi"),
      join(dir, "node_modules", "@pulumi", "pulumi"),
    );
    symlinkSync(
      join(repoRoot, "node_modules", "@types", "node"),
      join(dir, "node_modules", "@types", "node"),
    );
    writeFileSync(
      join(dir, "program.ts"),
      [
        'import * as pulumi from "@pulumi/pulumi";',
        'import * as predibase from "./index";',
        'const tenantB = new predibase.Provider("tenant-b", { apiToken: pulumi.secret("t"), tenantId: "b" });',
        'const repo = new predibase.AdapterRepo("repo", { description: "d" }, { provider: tenantB });',
        'const data = new predibase.Dataset("data", { file: "./train.jsonl" });',
        'const job = new predibase.FineTuningJob("job", {',
        '  baseModel: "qwen3-8b", dataset: data.name, repo: repo.name,',
        '  adapterType: predibase.AdapterType.TurboLora, epochs: 1, timeouts: { create: "2h" },',
        "});",
        'const dep = new predibase.Deployment("dep", {',
        '  baseModel: "qwen3-8b", minReplicas: 0, preloadedAdapters: [job.adapterVersion.apply((v) => v ?? "")],',
        '  hfToken: "hf_x",',
        "});",
        "export const url: pulumi.Output<string | undefined> = dep.openaiBaseUrl;",
        "export const status: pulumi.Output<string> = dep.status;",
        "export const versions: pulumi.Output<number> = repo.versionCount;",
        'export const fits = predibase.getModelOutput({ name: "qwen3-8b" }).minAccelerator;',
        "export const names = predibase.getModelsOutput().models.apply((ms) => ms.map((m) => m.name));",
        "// @ts-expect-error minReplicas is a number",
        'new predibase.Deployment("bad", { baseModel: "x", minReplicas: "two" });',
        "// @ts-expect-error baseModel is required",
        'new predibase.BatchInferenceJob("bad", { dataset: "d" });',
        "",
      ].join("\n"),
    );
    const config = JSON.parse(
      readFileSync(join(dir, "tsconfig.json"), "utf8").replace(/^\s*\/\/.*$/gm, ""),
    ) as {
      files: string[];
    };
    writeFileSync(
      join(dir, "tsconfig.check.json"),
      JSON.stringify({
        extends: "./tsconfig.json",
        compilerOptions: { noEmit: true },
        files: [...config.files, "program.ts"],
      }),
    );
    const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const run = spawnSync(process.execPath, [tsc, "-p", "tsconfig.check.json"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(run.stdout + run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("Node.js: a program using the compiled SDK runs through the plugin against the emulator", async () => {
    // Inside the repository, so the compiled SDK resolves @pulumi/pulumi from its node_modules.
    const dest = buildNodeSdk(join(repoRoot, ".cache", `sdk-nodejs-${process.pid}`));
    const predibase = createRequire(dest)(dest) as CompiledSdk;
    const emu = await emulator();
    const stack = await inlineStack(
      "generated-sdk",
      async () => {
        const repo = new predibase.AdapterRepo("repo", { description: "from the generated SDK" });
        const data = new predibase.Dataset("data", { source: "s3://bucket/train.jsonl" });
        const job = new predibase.FineTuningJob("job", {
          baseModel: "qwen3-8b",
          dataset: data.name,
          repo: repo.name,
          adapterType: predibase.AdapterType.Lora,
          epochs: 1,
        });
        const dep = new predibase.Deployment("dep", {
          baseModel: "qwen3-8b",
          minReplicas: 0,
          hfToken: "hf_generated_sdk_token",
          preloadedAdapters: [job.adapterVersion.apply((v) => v ?? "")],
        });
        return {
          adapterVersion: job.adapterVersion,
          status: dep.status,
          url: dep.openaiBaseUrl,
          models: predibase.getModelsOutput().models.apply((ms) => ms.length),
          minAccelerator: predibase.getModelOutput({ name: "qwen3-8b" }).minAccelerator,
        };
      },
      // The engine's plugin launcher runs this checkout's build.
      { ...platformEnv(emu), PULUMI_PREDIBASE_ROOT: repoRoot },
    );
    try {
      const up = await stack.stack.up();
      expect(up.outputs.adapterVersion?.value).toMatch(/^repo-[0-9a-f]+\/1$/);
      expect(up.outputs.status?.value).toBe("standby");
      expect(String(up.outputs.url?.value)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*\/v1$/);
      expect(up.outputs.models?.value).toBeGreaterThan(0);
      expect(up.outputs.minAccelerator?.value).toEqual(expect.any(String));
      const types = stack.stateResources().map((r) => r.type);
      expect(types).toEqual(
        expect.arrayContaining(["predibase:index:Deployment", "predibase:index:FineTuningJob"]),
      );
      expect(stack.stateText()).not.toContain("hf_generated_sdk_token");
      await stack.stack.destroy();
    } finally {
      await stack.dispose();
      await emu.close();
      rmSync(dest, { recursive: true, force: true });
    }
  });

  it("Python: the SDK compiles", () => {
    const dir = copyOf("python");
    const run = spawnSync("python3", ["-m", "compileall", "-q", dir], { encoding: "utf8" });
    expect(run.stdout + run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(existsSync(join(dir, "pulumi_predibase", "__pycache__"))).toBe(true);
    expect(readFileSync(join(dir, "pyproject.toml"), "utf8")).toContain('name = "pulumi_predibase"');
  });

  const go = ["go", "/usr/local/go/bin/go", "/usr/lib/go/bin/go"].find(
    (candidate) => spawnSync(candidate, ["version"]).status === 0,
  );
  it.skipIf(!go)(
    `Go: the SDK builds against github.com/pulumi/pulumi/sdk/v3 v${pulumiVersion}${go ? "" : " (skipped: no Go toolchain on this machine)"}`,
    () => {
      const dir = copyOf("go");
      expect(readFileSync(join(dir, "go.mod"), "utf8")).toContain(
        "module github.com/pulumi-predibase/predibase/generated/sdks/go",
      );
      // The engine's own version, whose modules the engine build left in the module cache; the
      // generator's go.sum holds their checksums.
      cpSync(join(repoRoot, "scripts", "gen-sdks", "go.sum"), join(dir, "go.sum"));
      const env = { ...process.env, GOFLAGS: "-mod=mod" };
      execFileSync(
        go as string,
        ["mod", "edit", `-require=github.com/pulumi/pulumi/sdk/v3@v${pulumiVersion}`],
        {
          cwd: dir,
          env,
        },
      );
      const run = spawnSync(go as string, ["build", "./..."], { cwd: dir, env, encoding: "utf8" });
      expect(run.stderr.replace(/^go: downloading .*\n/gm, "")).toBe("");
      expect(run.status).toBe(0);
    },
    600_000,
  );
});
