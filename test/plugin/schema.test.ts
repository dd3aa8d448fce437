// The package schema (provider/plugin/schema) against the two front ends it must not drift from:
// the kind descriptions (provider/runtime/kinds/*.ts), which the plugin runs, and the TypeScript
// resources (provider/resources/*.ts), whose Args interfaces and output declarations the dynamic
// resources expose. Also: the engine's own code generators accept it (they validate it against
// Pulumi's metaschema) and reject a broken one.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KINDS, type KindSource, packageSchema } from "../../provider/plugin/schema/index.js";
import type { PropertySpec, PulumiPackageSchema, ResourceSpec } from "../../provider/plugin/schema/types.js";
import { SETTINGS } from "../../provider/runtime/settings.js";
import { engineBinDir, offlinePulumiEnv, repoRoot } from "../../scripts/engine-env.mjs";
import { generatorBinary } from "../../scripts/gen-sdks.mjs";
import { ModelSchema } from "../../sdk/schemas/models.js";

const schema = packageSchema();
const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  version: string;
  devDependencies: Record<string, string>;
};

function resource(kind: string): ResourceSpec {
  const spec = schema.resources[`predibase:index:${kind}`];
  if (!spec) throw new Error(`no resource predibase:index:${kind} in the schema`);
  return spec;
}

describe("the package schema", () => {
  it("names the package, its version from package.json, the five resources and two functions", () => {
    expect(schema.name).toBe("predibase");
    expect(schema.version).toBe(pkg.version);
    expect(Object.keys(schema.resources).sort()).toEqual(
      ["AdapterRepo", "BatchInferenceJob", "Dataset", "Deployment", "FineTuningJob"].map(
        (k) => `predibase:index:${k}`,
      ),
    );
    expect(Object.keys(schema.functions).sort()).toEqual([
      "predibase:index:getModel",
      "predibase:index:getModels",
    ]);
    expect(schema.language.nodejs?.packageName).toBe("@pulumi-predibase/predibase");
    expect(schema.language.python?.packageName).toBe("pulumi_predibase");
  });

  it("takes every connection setting as config and as explicit-provider input, the token as a secret", () => {
    for (const props of [schema.config.variables, schema.provider.inputProperties]) {
      expect(Object.keys(props).sort()).toEqual(Object.keys(SETTINGS).sort());
      expect(props.apiToken?.secret).toBe(true);
      const secrets = Object.entries(props).filter(([, p]) => p.secret);
      expect(secrets.map(([k]) => k)).toEqual(["apiToken"]);
    }
    // Each setting says which variable it falls back to.
    expect(schema.config.variables.tenantId?.description).toContain("PREDIBASE_TENANT_ID");
  });

  it("marks the Hugging Face token secret and never outputs it, only its keyed hash", () => {
    const deployment = resource("Deployment");
    expect(deployment.inputProperties.hfToken?.secret).toBe(true);
    expect(deployment.properties.hfToken).toBeUndefined();
    expect(deployment.properties.hfTokenHash).toBeDefined();
  });

  it("gives getModels every model and getModel one model's fields, named from the SDK's model shape", () => {
    const camel = Object.keys(ModelSchema.shape).map((k) =>
      k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
    );
    const model = schema.types["predibase:index:Model"] as { properties: Record<string, PropertySpec> };
    expect(Object.keys(model.properties).sort()).toEqual([...camel].sort());
    const getModel = schema.functions["predibase:index:getModel"];
    expect(Object.keys(getModel?.outputs.properties ?? {}).sort()).toEqual([...camel].sort());
    expect(getModel?.inputs?.required).toEqual(["name"]);
    const getModels = schema.functions["predibase:index:getModels"];
    expect(getModels?.inputs).toBeUndefined();
    expect(getModels?.outputs.properties.models).toEqual(
      expect.objectContaining({ type: "array", items: { $ref: "#/types/predibase:index:Model" } }),
    );
  });

  it("is the same from the build (dist/), which finds package.json at its own depth", () => {
    const built = join(repoRoot, "dist", "provider", "plugin", "schema", "index.js");
    const fromDist = createRequire(built)(built) as { packageSchema(): PulumiPackageSchema };
    expect(fromDist.packageSchema()).toEqual(schema);
  });

  it("is a fresh object each call: a caller's change does not leak into the next", () => {
    const mine = packageSchema();
    delete mine.resources["predibase:index:Deployment"];
    expect(packageSchema().resources["predibase:index:Deployment"]).toBeDefined();
  });
});

/** The names a kind description gives, computed here independently of the schema module. */
function describedNames(source: KindSource) {
  const { spec } = source;
  const computed = source.computedInputs ?? [];
  const inputs = [
    ...(spec.named ? ["name"] : []),
    ...spec.fields.map((f) => f.input).filter((n) => !computed.includes(n)),
    ...spec.providerInputs,
  ];
  const outputs = [
    ...Object.keys(spec.outputs),
    ...spec.providerInputs,
    ...spec.fields.filter((f) => f.wire === null || f.kept).map((f) => f.input),
    ...spec.fields.filter((f) => f.secret).map((f) => `${f.input}Hash`),
  ];
  return { inputs, outputs };
}

describe("the schema follows the kind descriptions (provider/runtime/kinds)", () => {
  for (const [kind, source] of Object.entries(KINDS)) {
    it(`${kind}: every input and output of the description is in the schema`, () => {
      const { inputs, outputs } = describedNames(source);
      const spec = resource(kind);
      expect(Object.keys(spec.inputProperties)).toEqual(expect.arrayContaining(inputs));
      expect(Object.keys(spec.properties)).toEqual(expect.arrayContaining(outputs));
      // Secret inputs (the platform never shows them back) are never outputs.
      for (const f of source.spec.fields.filter((x) => x.secret))
        expect(spec.properties[f.input]).toBeUndefined();
    });
  }

  it("fails to build, naming kind and field, when a description gains a field the schema cannot type", () => {
    const fields = KINDS.Deployment?.spec.fields as Array<{
      input: string;
      wire: string;
      onChange: "update";
    }>;
    fields.push({ input: "speculativeDecoding", wire: "speculative_decoding", onChange: "update" });
    try {
      expect(() => packageSchema()).toThrow(/Deployment\.speculativeDecoding has no type/);
    } finally {
      fields.pop();
    }
    expect(() => packageSchema()).not.toThrow();
  });
});

/** One member of an Args interface or a resource class, as the TypeScript source declares it. */
interface Declared {
  name: string;
  optional: boolean;
  type: string;
  doc: string | undefined;
}

function docOf(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const text = docs.map((d) => ts.getTextOfJSDocComment(d.comment) ?? "").join(" ");
  return text.trim() ? text.replace(/\s+/g, " ").trim() : undefined;
}

/** The Args interface and the output declarations of each resource class in provider/resources. */
function typescriptFrontEnd(): Map<string, { args: Declared[]; outputs: Declared[]; doc?: string }> {
  const out = new Map<string, { args: Declared[]; outputs: Declared[]; doc?: string }>();
  const dir = join(repoRoot, "provider", "resources");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const source = ts.createSourceFile(
      file,
      readFileSync(join(dir, file), "utf8"),
      ts.ScriptTarget.Latest,
      true,
    );
    const entry = (kind: string) => {
      if (!out.has(kind)) out.set(kind, { args: [], outputs: [] });
      return out.get(kind) as { args: Declared[]; outputs: Declared[]; doc?: string };
    };
    for (const node of source.statements) {
      if (ts.isInterfaceDeclaration(node) && node.name.text.endsWith("Args")) {
        const args = entry(node.name.text.replace(/Args$/, "")).args;
        for (const m of node.members) {
          if (!ts.isPropertySignature(m) || !m.type) continue;
          args.push({
            name: m.name.getText(source),
            optional: !!m.questionToken,
            type: m.type.getText(source),
            doc: docOf(m),
          });
        }
      }
      const base = ts.isClassDeclaration(node)
        ? node.heritageClauses?.[0]?.types[0]?.expression.getText(source)
        : "";
      if (ts.isClassDeclaration(node) && node.name && base === "PredibaseResource") {
        const kind = entry(node.name.text);
        kind.doc = docOf(node);
        for (const m of node.members) {
          if (!ts.isPropertyDeclaration(m) || !m.type) continue;
          const type = m.type.getText(source);
          kind.outputs.push({
            name: m.name.getText(source),
            optional: /\|\s*undefined>$/.test(type),
            type,
            doc: docOf(m),
          });
        }
      }
    }
  }
  return out;
}

/** Whether a schema property has the type the TypeScript declaration gives. */
function sameType(declared: string, spec: PropertySpec, all: PulumiPackageSchema): boolean {
  const inner = declared
    .replace(/^pulumi\.(Input|Output)<(.*)>$/s, "$2")
    .replace(/\s*\|\s*undefined$/, "")
    .trim();
  const s = spec as { type?: string; items?: { type?: string; $ref?: string }; $ref?: string };
  if (inner === "string") return s.type === "string";
  if (inner === "number") return s.type === "integer" || s.type === "number";
  if (inner === "boolean") return s.type === "boolean";
  if (/^(pulumi\.Input<string>|string)\[\]$/.test(inner))
    return s.type === "array" && s.items?.type === "string";
  if (inner === "unknown[]") return s.type === "array" && s.items?.$ref === "pulumi.json#/Any";
  if (inner === "Timeouts") return s.$ref === "#/types/predibase:index:Timeouts";
  if (inner === "Array<Record<string, unknown>>") {
    const ref = s.type === "array" ? s.items?.$ref : undefined;
    return !!ref && all.types[ref.replace("#/types/", "")] !== undefined;
  }
  if (/^"[^"]*"(\s*\|\s*"[^"]*")*$/.test(inner)) {
    const literals = [...inner.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    const enumType = s.$ref ? all.types[s.$ref.replace("#/types/", "")] : undefined;
    const values = enumType && "enum" in enumType ? enumType.enum.map((e) => e.value) : [];
    return JSON.stringify(values.sort()) === JSON.stringify(literals.sort());
  }
  throw new Error(`no schema mapping for the TypeScript type ${declared}: add one to this test`);
}

describe("the schema follows the TypeScript resources (provider/resources)", () => {
  const front = typescriptFrontEnd();

  it("finds all five resources in provider/resources", () => {
    expect([...front.keys()].sort()).toEqual(Object.keys(KINDS).sort());
  });

  for (const kind of Object.keys(KINDS)) {
    it(`${kind}: each Args member is an input of the same name, type, requiredness and description`, () => {
      const ts = front.get(kind);
      const spec = resource(kind);
      expect(ts?.args.length).toBeGreaterThan(0);
      for (const member of ts?.args ?? []) {
        const input = spec.inputProperties[member.name];
        expect(input, `${kind}.${member.name} is not an input of the schema`).toBeDefined();
        if (!input) continue;
        expect(sameType(member.type, input, schema), `${kind}.${member.name}: ${member.type}`).toBe(true);
        expect(spec.requiredInputs?.includes(member.name) ?? false, `${kind}.${member.name} required`).toBe(
          !member.optional,
        );
        if (member.doc) expect(input.description, `${kind}.${member.name} description`).toBe(member.doc);
      }
      // And nothing the program could not give the dynamic resource.
      expect(Object.keys(spec.inputProperties).sort()).toEqual((ts?.args ?? []).map((m) => m.name).sort());
      expect(spec.description).toBe(ts?.doc);
    });

    it(`${kind}: each declared output is an output of the same name, type, presence and description`, () => {
      const ts = front.get(kind);
      const spec = resource(kind);
      for (const member of ts?.outputs ?? []) {
        const output = spec.properties[member.name];
        expect(output, `${kind}.${member.name} is not an output of the schema`).toBeDefined();
        if (!output) continue;
        expect(sameType(member.type, output, schema), `${kind}.${member.name}: ${member.type}`).toBe(true);
        expect(spec.required?.includes(member.name) ?? false, `${kind}.${member.name} always present`).toBe(
          !member.optional,
        );
        if (member.doc) expect(output.description, `${kind}.${member.name} description`).toBe(member.doc);
      }
      // The schema's other outputs are the inputs the provider keeps (see outputNames).
      const declared = new Set((ts?.outputs ?? []).map((m) => m.name));
      const { outputs } = describedNames(KINDS[kind] as KindSource);
      for (const name of Object.keys(spec.properties).filter((n) => !declared.has(n))) {
        expect(outputs, `${kind}.${name} is neither declared nor kept by the provider`).toContain(name);
      }
    });
  }
});

describe("the engine's code generators (scripts/gen-sdks) on the schema", () => {
  let dir: string;
  let bin: string;
  // The first run builds the generator from Pulumi's codegen (about a minute with the engine's
  // build cache, longer on a cold one).
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "predibase-schema-"));
    bin = generatorBinary();
  }, 900_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("pins Pulumi's codegen at the engine's version (the @pulumi/pulumi in package.json)", () => {
    const gomod = readFileSync(join(repoRoot, "scripts", "gen-sdks", "go.mod"), "utf8");
    expect(gomod).toMatch(
      new RegExp(`github.com/pulumi/pulumi/pkg/v3 v${pkg.devDependencies["@pulumi/pulumi"]}\\n`),
    );
  });

  it("accepts the schema: it passes Pulumi's metaschema and binds", () => {
    const path = join(dir, "schema.json");
    writeFileSync(path, JSON.stringify(packageSchema()));
    execFileSync(bin, [path, join(dir, "out"), "nodejs"], { stdio: "pipe" });
  });

  it("rejects a schema Pulumi's metaschema does not accept, naming the problem", () => {
    const broken = packageSchema();
    const deployment = broken.resources["predibase:index:Deployment"] as ResourceSpec;
    deployment.inputProperties.minReplicas = { type: "int" } as unknown as PropertySpec;
    const path = join(dir, "broken.json");
    writeFileSync(path, JSON.stringify(broken));
    const run = spawnSync(bin, [path, join(dir, "broken-out"), "nodejs"], { encoding: "utf8" });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("not a valid Pulumi package schema");
    expect(run.stderr).toContain("Deployment/inputProperties/minReplicas/type: unknown type kind int");
  });
});

describe("the engine (pulumi package get-schema) on the schema", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "predibase-engine-schema-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** `pulumi package get-schema FILE`: the engine binds the file, validating it, and prints it back. */
  function getSchema(file: string) {
    return spawnSync(join(engineBinDir(), "pulumi"), ["package", "get-schema", file], {
      cwd: dir,
      env: offlinePulumiEnv(dir),
      encoding: "utf8",
    });
  }

  it("binds the schema and reads back every resource and function", () => {
    const path = join(dir, "schema.json");
    writeFileSync(path, JSON.stringify(packageSchema()));
    const run = getSchema(path);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const back = JSON.parse(run.stdout) as PulumiPackageSchema;
    expect(back.name).toBe("predibase");
    expect(Object.keys(back.resources).sort()).toEqual(Object.keys(schema.resources).sort());
    expect(Object.keys(back.functions).sort()).toEqual(Object.keys(schema.functions).sort());
    expect(back.resources["predibase:index:Deployment"]?.inputProperties.hfToken?.secret).toBe(true);
  });

  it("refuses a schema that breaks Pulumi's metaschema", () => {
    const broken = packageSchema();
    (broken.resources["predibase:index:Dataset"] as ResourceSpec).properties.status = {
      type: "text",
    } as unknown as PropertySpec;
    const path = join(dir, "broken.json");
    writeFileSync(path, JSON.stringify(broken));
    const run = getSchema(path);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("Dataset/properties/status/type");
  });
});
