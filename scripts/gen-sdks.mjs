// `npm run gen:sdks`: writes schema.json from packageSchema() (provider/plugin/schema, as built in
// dist/: run `npm run build` first) and regenerates generated/sdks/{nodejs,python,go} from it with
// the Pulumi engine's own code generators, at the engine's version (scripts/gen-sdks/main.go says
// why those are called directly rather than through `pulumi package gen-sdk`).
//
//   node scripts/gen-sdks.mjs [--root DIR]
//
// --root writes DIR/schema.json and DIR/generated/sdks instead of the repository's (the
// reproducibility test regenerates into a temporary directory and compares). The output depends on
// the schema alone: no timestamps, no absolute paths, files in a fixed order.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const generatorDir = join(repoRoot, "scripts", "gen-sdks");
export const LANGUAGES = ["nodejs", "python", "go"];

function log(message) {
  console.error(`gen-sdks: ${message}`);
}

/** packageSchema() as the build has it (CommonJS, loaded from this ES module). */
function loadSchema() {
  const built = join(repoRoot, "dist", "provider", "plugin", "schema", "index.js");
  if (!existsSync(built)) {
    throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  return createRequire(import.meta.url)(built).packageSchema();
}

/** Go, where ensure-engine.sh also looks for it. */
function goBinary() {
  for (const candidate of ["go", "/usr/local/go/bin/go", "/usr/lib/go/bin/go"]) {
    try {
      execFileSync(candidate, ["version"], { stdio: "ignore" });
      return candidate;
    } catch {
      // not there: try the next
    }
  }
  throw new Error("Go is needed to build the SDK generator (apt-get install golang-go)");
}

/**
 * The generator binary, built once per version of its sources (their hash names the directory) into
 * the same cache as the engine (scripts/ensure-engine.sh).
 */
export function generatorBinary() {
  const hash = createHash("sha256");
  for (const file of ["main.go", "go.mod", "go.sum"]) hash.update(readFileSync(join(generatorDir, file)));
  const cache =
    process.env.PULUMI_PREDIBASE_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "pulumi-predibase");
  const bin = join(cache, "gen-sdks", hash.digest("hex").slice(0, 16), "gen-sdks");
  if (!existsSync(bin)) {
    log(`building the SDK generator (Pulumi's codegen, Go module proxy) into ${dirname(bin)}`);
    mkdirSync(dirname(bin), { recursive: true });
    // Built aside and renamed into place: two test files may build it at the same time.
    const partial = `${bin}.${process.pid}`;
    execFileSync(goBinary(), ["build", "-trimpath", "-o", partial, "."], {
      cwd: generatorDir,
      env: { ...process.env, GOFLAGS: "-mod=readonly" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    renameSync(partial, bin);
  }
  return bin;
}

/** Writes ROOT/schema.json and ROOT/generated/sdks/<language> for every language. */
export function generate(root = repoRoot) {
  const schemaPath = join(root, "schema.json");
  writeFileSync(schemaPath, `${JSON.stringify(loadSchema(), null, 2)}\n`);
  const out = join(root, "generated", "sdks");
  mkdirSync(out, { recursive: true });
  execFileSync(generatorBinary(), [schemaPath, out, ...LANGUAGES], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  return { schemaPath, out };
}

/**
 * Compiles the committed Node.js SDK (generated/sdks/nodejs, TypeScript) with the repository's
 * TypeScript into `dest`, with its package.json, ready to `require` as `@pulumi-predibase/predibase`
 * is once published. Put `dest` inside the repository (e.g. under .cache/) so that it resolves
 * @pulumi/pulumi from the repository's node_modules. Returns `dest`.
 */
export function buildNodeSdk(dest) {
  const sdk = join(repoRoot, "generated", "sdks", "nodejs");
  const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  // The SDK's own tsconfig, with the output redirected; `types` resolve from the repository.
  execFileSync(
    process.execPath,
    [
      tsc,
      "-p",
      join(sdk, "tsconfig.json"),
      "--outDir",
      dest,
      "--typeRoots",
      join(repoRoot, "node_modules", "@types"),
    ],
    {
      cwd: sdk,
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const manifest = JSON.parse(readFileSync(join(sdk, "package.json"), "utf8"));
  writeFileSync(
    join(dest, "package.json"),
    `${JSON.stringify({ ...manifest, main: "index.js", types: "index.d.ts" }, null, 2)}\n`,
  );
  return dest;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--root");
  const root = at >= 0 ? resolve(process.argv[at + 1] ?? ".") : repoRoot;
  try {
    const { schemaPath, out } = generate(root);
    log(`wrote ${schemaPath} and ${LANGUAGES.map((l) => join(out, l)).join(", ")}`);
  } catch (err) {
    log(err.message);
    process.exit(1);
  }
}
