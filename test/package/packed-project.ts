// A user's new project with the packed package installed beside @pulumi/pulumi, exactly as
// `npm install pulumi-predibase @pulumi/pulumi` would give it: no link back to this repository.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../../scripts/engine-env.mjs";

const run = promisify(execFile);

/** What `npm pack --json` says about the tarball. */
export interface PackedTarball {
  file: string;
  size: number;
  unpackedSize: number;
  files: string[];
}

export interface PackedProject {
  /** The temp folder holding the tarball and the project. */
  root: string;
  /** The user's project: package.json, node_modules, the Pulumi program. */
  dir: string;
  tarball: PackedTarball;
}

/**
 * The environment of a user's shell: Node 24 from this repository first (npm's lifecycle and the
 * engine's `node` find it there), and none of the npm_* variables `npm test` exports, which would
 * point the nested npm at this repository (npm_config_local_prefix) instead of the new project.
 */
function toolEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, PATH: `${join(repoRoot, "node_modules", ".bin")}:${process.env.PATH ?? ""}` };
}

/**
 * Packs this repository's dist/ as `npm publish` would (without prepack's rebuild: `npm test`
 * builds first, and a rebuild here would race the other test files that load dist/).
 */
export async function packRepository(dest: string): Promise<PackedTarball> {
  const { stdout } = await run(
    "npm",
    ["pack", "--json", "--ignore-scripts", "--pack-destination", dest, "--loglevel", "error"],
    { cwd: repoRoot, env: toolEnv(), maxBuffer: 64 << 20 },
  );
  const [info] = JSON.parse(stdout) as Array<{
    filename: string;
    size: number;
    unpackedSize: number;
    files: Array<{ path: string }>;
  }>;
  if (!info) throw new Error(`npm pack printed nothing usable:\n${stdout}`);
  return {
    file: join(dest, info.filename),
    size: info.size,
    unpackedSize: info.unpackedSize,
    files: info.files.map((f) => f.path),
  };
}

/**
 * A new project outside this repository, with the tarball and `@pulumi/pulumi@pulumiVersion`
 * installed from npm's cache when it has them (`--prefer-offline`), and `program` as its
 * Pulumi program (JavaScript, so the project needs no TypeScript toolchain).
 */
export async function newProjectWithTarball(pulumiVersion: string, program: string): Promise<PackedProject> {
  const root = mkdtempSync(join(tmpdir(), "predibase-packed-"));
  try {
    return await packAndInstall(root, pulumiVersion, program);
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
}

async function packAndInstall(root: string, pulumiVersion: string, program: string): Promise<PackedProject> {
  const tarball = await packRepository(root);
  const dir = join(root, "app");
  mkdirSync(dir);
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "packed-app", version: "1.0.0", private: true, main: "index.js" }, null, 2)}\n`,
  );
  writeFileSync(join(dir, "Pulumi.yaml"), "name: packed-app\nruntime: nodejs\nmain: index.js\n");
  writeFileSync(join(dir, "index.js"), program);
  await run(
    "npm",
    [
      "install",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--loglevel",
      "error",
      tarball.file,
      `@pulumi/pulumi@${pulumiVersion}`,
    ],
    { cwd: dir, env: toolEnv(), maxBuffer: 64 << 20 },
  );
  return { root, dir, tarball };
}

/**
 * Runs the repository's TypeScript compiler on `file` in a folder of the project, as the user's
 * editor would (a folder of its own: a tsconfig.json at the project's root would steer how
 * Pulumi's Node.js runtime loads the JavaScript program).
 */
export async function typecheckIn(project: PackedProject, file: string, source: string): Promise<string> {
  const dir = join(project.dir, "typed");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), source);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "nodenext",
        moduleResolution: "nodenext",
        target: "es2022",
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      files: [file],
    }),
  );
  try {
    await run(join(repoRoot, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json"], {
      cwd: dir,
      env: toolEnv(),
    });
    return "";
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ""}${e.stderr ?? ""}` || String(err);
  }
}
