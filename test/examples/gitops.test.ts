// The GitOps example: dev trains an adapter (without waiting for it), a later `up --refresh` of
// dev brings the finished training into its outputs, the evaluation script passes against dev's
// deployment, and prod serves that same adapter version, read by StackReference, never retrained.
// All of it through the real engine, from a copy of the folder (stack init writes to it), against
// the emulator. Then the workflow a team copies, checked for its structure with a YAML parser.
import { execFile } from "node:child_process";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { RunningEmulator } from "../../emulator/index.js";
import { engineBinDir, offlinePulumiEnv, repoRoot } from "../../scripts/engine-env.mjs";
import { Predibase } from "../../sdk/index.js";
import { emulator, objects, platformEnv } from "../support/platform.js";
import { newWorkDir } from "../support/stacks.js";

const example = join(repoRoot, "examples", "gitops");

describe("the GitOps example: dev trains once, prod serves what dev trained", () => {
  let emu: RunningEmulator;
  let dir: string;
  beforeAll(async () => {
    // Training lasts until the test moves the emulator's clock: a run that outlives the CI job.
    emu = await emulator({ timeScale: 2_000, durations: { finetuning_training: 10_000_000 } });
    dir = newWorkDir("gitops");
    cpSync(example, join(dir, "project"), { recursive: true });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await emu?.close();
  });

  // Both stacks share one backend, as a team's S3 bucket, so prod can reference dev.
  const stackFor = async (name: "dev" | "prod") =>
    LocalWorkspace.createOrSelectStack(
      { stackName: name, workDir: join(dir, "project") },
      {
        envVars: offlinePulumiEnv(join(dir, "state"), platformEnv(emu)),
        pulumiCommand: await PulumiCommand.get({ root: dirname(engineBinDir()) }),
      },
    );
  const jobPosts = () =>
    emu.control.requests().filter((r) => r.method === "POST" && /\/finetuning\/jobs\/?$/.test(r.path));
  const deploymentNamed = (name: unknown) => objects(emu, "deployments").find((d) => d.name === name);

  // The evaluation script as the workflow runs it: a process (asynchronous, since the emulator
  // answers from this one), given `pulumi stack output --json` and the token.
  const evaluate = (outputs: Record<string, unknown>, file: string) => {
    writeFileSync(join(dir, file), JSON.stringify(outputs));
    return new Promise<{ code: number | null; out: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(example, "evaluate.mjs"), join(dir, file)],
        {
          env: { ...process.env, PREDIBASE_API_TOKEN: emu.apiToken, GITHUB_STEP_SUMMARY: "" },
          timeout: 60_000,
        },
        (err, stdout, stderr) =>
          resolve({ code: err ? (err.code as number | null) : 0, out: `${stdout}\n${stderr}` }),
      );
    });
  };

  let devAdapter = "";

  it("dev's up starts the training and returns at once, serving the base model on a small GPU", async () => {
    const dev = await (await stackFor("dev")).up();
    expect(["queued", "training"]).toContain(dev.outputs.trainingStatus?.value);
    expect(dev.outputs.adapterVersion?.value).toBeUndefined();
    expect(deploymentNamed(dev.outputs.deployment?.value)).toMatchObject({
      accelerator: "a10_24gb_100",
      min_replicas: 0,
      max_replicas: 1,
    });
    expect(jobPosts()).toHaveLength(1);
  });

  it("prod refuses to promote while dev has no adapter, saying what to run, and creates nothing", async () => {
    const prod = await stackFor("prod");
    await expect(prod.up()).rejects.toThrow(
      /nothing to promote: stack organization\/predibase-gitops\/dev has no adapterVersion output yet[\s\S]*pulumi up --refresh --stack dev/,
    );
    expect(objects(emu, "deployments")).toHaveLength(1); // dev's only
  });

  it("a later `up --refresh` of dev brings the finished training's status and adapterVersion into its outputs", async () => {
    emu.control.advance(20_000_000); // the training completes on the platform
    const stack = await stackFor("dev");
    const plain = await stack.preview();
    expect(plain.changeSummary).toEqual({ same: 5 }); // without a refresh the stack cannot know
    const dev = await stack.up({ refresh: true });
    expect(dev.outputs.trainingStatus?.value).toBe("completed");
    devAdapter = String(dev.outputs.adapterVersion?.value);
    expect(devAdapter).toMatch(/^adapters-[0-9a-f]{7}\/1$/);
    expect(dev.summary.resourceChanges?.create ?? 0).toBe(0);
    expect(dev.summary.resourceChanges?.replace ?? 0).toBe(0);
  });

  it("passes the evaluation gate against dev's deployment", async () => {
    const outputs = await (await stackFor("dev")).outputs();
    const run = await evaluate(
      Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value])),
      "outputs.json",
    );
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain(`Evaluation of ${devAdapter}: 3/3 passed`);
  });

  it("fails the evaluation gate when the deployment cannot answer with the adapter", async () => {
    const outputs = await (await stackFor("dev")).outputs();
    const run = await evaluate(
      { openaiBaseUrl: outputs.openaiBaseUrl?.value, adapterVersion: "no-such-repo/9" },
      "outputs-unknown-adapter.json",
    );
    expect(run.code, run.out).toBe(1);
    expect(run.out).toMatch(/no-such-repo\/9: HTTP 4\d\d/);
  });

  it("prod serves the version dev trained, read by stack reference: one training across both stacks", async () => {
    const prod = await (await stackFor("prod")).up();
    expect(prod.outputs.adapterVersion?.value).toBe(devAdapter);
    expect(prod.outputs.promotedFrom?.value).toBe("organization/predibase-gitops/dev");
    expect(prod.outputs.trainingJob).toBeUndefined();
    expect(deploymentNamed(prod.outputs.deployment?.value)).toMatchObject({
      accelerator: "a100_80gb_100",
      min_replicas: 1,
      max_replicas: 3,
    });
    // Loaded when it starts, not on the first request: as the platform reports the deployment.
    const client = new Predibase({ apiToken: emu.apiToken, apiUrl: emu.apiUrl, servingUrl: emu.servingUrl });
    const served = await client.deployments.get(String(prod.outputs.deployment?.value));
    await client.close();
    expect(served.preloaded_adapters).toEqual([devAdapter]);
    expect(objects(emu, "finetuning_jobs")).toHaveLength(1);
    expect(objects(emu, "repos")).toHaveLength(1);
    expect(jobPosts()).toHaveLength(1); // the platform was asked to train exactly once

    // Prod's deployment answers with the promoted adapter.
    const reply = await fetch(`${prod.outputs.openaiBaseUrl?.value}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.apiToken}`, "content-type": "application/json" },
      body: JSON.stringify({ model: devAdapter, messages: [{ role: "user", content: "Hi" }], max_tokens: 8 }),
    });
    expect(reply.status).toBe(200);
    const body = (await reply.json()) as { choices: Array<{ message: { content: string } }> };
    expect(body.choices[0]?.message.content.trim()).not.toBe("");
  });

  it("previews no change for either stack afterwards, as a pull request without infra changes would", async () => {
    for (const name of ["dev", "prod"] as const) {
      const preview = await (await stackFor(name)).preview();
      expect(Object.keys(preview.changeSummary), name).toEqual(["same"]);
    }
    expect(jobPosts()).toHaveLength(1);
  });

  it("destroys prod, then dev", async () => {
    for (const name of ["prod", "dev"] as const) await (await stackFor(name)).destroy();
    expect(objects(emu, "deployments")).toEqual([]);
    expect(objects(emu, "repos")).toEqual([]);
  });
});

describe("the CI workflow a team copies", () => {
  interface Step {
    id?: string;
    name?: string;
    run?: string;
    uses?: string;
    if?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
  }
  interface Job {
    if?: string;
    needs?: string | string[];
    environment?: string;
    "timeout-minutes"?: number;
    permissions?: Record<string, string>;
    concurrency?: { group: string; "cancel-in-progress"?: boolean };
    strategy?: { matrix?: { stack?: string[] } };
    env?: Record<string, string>;
    steps: Step[];
  }
  const workflowText = readFileSync(join(example, ".github", "workflows", "pulumi.yml"), "utf8");
  const workflow = parse(workflowText) as {
    on: Record<string, unknown> & { push?: { branches?: string[] }; schedule?: Array<{ cron: string }> };
    env: Record<string, string>;
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
  };
  const project = parse(readFileSync(join(example, "Pulumi.yaml"), "utf8")) as {
    config: Record<string, { default: string }>;
  };
  const job = (name: string): Job => {
    const found = workflow.jobs[name];
    if (!found) throw new Error(`the workflow has no job ${name}`);
    return found;
  };
  const upJobs = ["dev", "prod"] as const;
  const allJobs = ["preview", ...upJobs] as const;
  const index = (j: Job, test: (s: Step) => boolean) => j.steps.findIndex(test);
  const gh = (expression: string) => `\${{ ${expression} }}`;

  it("previews pull requests with `pull_request`, never `pull_request_target`, each stack commented on the PR", () => {
    expect(workflow.on.pull_request).toBeDefined();
    expect(workflow.on.pull_request_target).toBeUndefined();
    const preview = job("preview");
    expect(preview.if).toBe("github.event_name == 'pull_request'");
    expect(preview.strategy?.matrix?.stack).toEqual(["dev", "prod"]);
    const previewAt = index(
      preview,
      (s) => s.run?.startsWith(`pulumi preview --stack ${gh("matrix.stack")}`) ?? false,
    );
    const commentAt = index(
      preview,
      (s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@") ?? false,
    );
    expect(previewAt).toBeGreaterThan(-1);
    expect(commentAt).toBeGreaterThan(previewAt);
    const comment = preview.steps[commentAt];
    expect(comment?.if).toBe("always()"); // a failed preview is what a reviewer most needs to see
    expect(comment?.with?.header).toContain(gh("matrix.stack")); // one comment per stack, updated
    expect(preview.permissions?.["pull-requests"]).toBe("write");
  });

  it("keeps every secret out of the workflow and job levels, out of `npm ci`, and prod's out of pull requests", () => {
    expect(JSON.stringify(workflow.env)).not.toContain("secrets.");
    expect(workflow.permissions).toEqual({ contents: "read" });
    for (const name of allJobs) {
      const j = job(name);
      expect(JSON.stringify(j.env ?? {}), name).not.toContain("secrets.");
      const npmCi = index(j, (s) => s.run === "npm ci");
      expect(npmCi, name).toBeGreaterThan(-1);
      j.steps.forEach((step, i) => {
        const { env, ...rest } = step;
        expect(JSON.stringify(rest), `${name} step ${i}`).not.toContain("secrets.");
        if (JSON.stringify(env ?? {}).includes("secrets."))
          expect(i, `${name} step ${i}`).toBeGreaterThan(npmCi);
        // Credentials (here the cloud role) only after the dependencies' install scripts ran.
        if (step.uses?.startsWith("aws-actions/configure-aws-credentials@")) expect(i).toBeGreaterThan(npmCi);
      });
    }
    expect(job("preview").environment).toBe("preview"); // its own read-only role and token
    expect(workflowText.match(/secrets\.[A-Z_]+/g)?.every((s) => s === "secrets.PREDIBASE_API_TOKEN")).toBe(
      true,
    );
  });

  it("applies merges to main: dev, then prod through `needs:` and an environment with approval", () => {
    expect(workflow.on.push?.branches).toEqual(["main"]);
    const dev = job("dev");
    const prod = job("prod");
    expect(dev.if).toContain("github.event_name != 'pull_request'");
    expect(dev.environment).toBe("dev");
    expect([prod.needs].flat()).toEqual(["dev"]);
    expect(prod.environment).toBe("prod");
    expect(prod.if).toContain("needs.dev.outputs.adapter != ''"); // only with an evaluated adapter
    for (const name of upJobs) {
      const up = job(name).steps.find((s) => s.run?.includes(`pulumi up --stack ${name} `));
      expect(up?.run, name).toMatch(new RegExp(`pulumi up --stack ${name} --yes --refresh`));
      expect(job(name).strategy, name).toBeUndefined(); // order by needs:, never by a matrix
    }
    const evaluateAt = index(dev, (s) => s.run?.includes("node evaluate.mjs") ?? false);
    expect(evaluateAt).toBeGreaterThan(index(dev, (s) => s.id === "up"));
    expect(existsSync(join(example, "evaluate.mjs"))).toBe(true);
  });

  it("refreshes dev on a schedule, so a training started without waiting reaches the outputs", () => {
    expect(workflow.on.schedule?.[0]?.cron).toMatch(/\S+ \S+ \S+ \S+ \S+/);
    expect(job("dev").if).not.toContain("push"); // schedule and dispatch run it too
    expect(job("prod").if).toContain(
      "github.event_name != 'schedule' || needs.dev.outputs.trained == 'true'",
    );
    expect(readFileSync(join(example, "index.ts"), "utf8")).toMatch(/waitForCompletion: false/);
  });

  it("gives each stack its own concurrency group, never cancelling an up in flight", () => {
    const groups = allJobs.map((name) => job(name).concurrency?.group);
    expect(new Set(groups).size).toBe(3);
    expect(job("preview").concurrency?.group).toContain(gh("matrix.stack"));
    for (const name of upJobs) {
      expect(job(name).concurrency?.group, name).toContain(name);
      expect(job(name).concurrency?.["cancel-in-progress"], name).toBe(false);
    }
  });

  it("sets timeout-minutes above the longest wait one `up` makes, so a wait ends inside the job", () => {
    const minutes = (duration: string) => {
      const match = /^(\d+)([hms])$/.exec(duration);
      if (!match) throw new Error(`not a duration: ${duration}`);
      return Number(match[1]) * { h: 60, m: 1, s: 1 / 60 }[match[2] as "h" | "m" | "s"];
    };
    const longestWait =
      minutes(String(project.config.createTimeout?.default)) +
      minutes(String(project.config.deleteTimeout?.default));
    expect(longestWait).toBeGreaterThan(0);
    for (const name of upJobs) {
      expect(job(name)["timeout-minutes"], name).toBeGreaterThanOrEqual(longestWait + 10);
      expect(job(name)["timeout-minutes"], name).toBeLessThanOrEqual(360); // a hosted runner's limit
    }
    expect(job("preview")["timeout-minutes"]).toBeLessThanOrEqual(30);
    expect(readFileSync(join(example, "index.ts"), "utf8")).toMatch(
      /timeouts: \{ create: config\.require\("createTimeout"\)/,
    );
  });

  it("logs in to its backend with credentials, with a pinned CLI version", () => {
    const version = workflow.env.PULUMI_CLI_VERSION;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(version).toBe(
      JSON.parse(readFileSync(join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"))
        .version,
    );
    for (const name of allJobs) {
      const j = job(name);
      const install = j.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
      expect(install?.with?.["pulumi-version"], name).toBe(gh("env.PULUMI_CLI_VERSION"));
      const credentials = index(
        j,
        (s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@") ?? false,
      );
      const login = index(j, (s) => s.run === 'pulumi login "$PULUMI_BACKEND_URL"');
      expect(credentials, name).toBeGreaterThan(-1);
      expect(j.steps[credentials]?.with?.["role-to-assume"], name).toBe(gh("vars.AWS_ROLE_ARN"));
      expect(login, name).toBeGreaterThan(credentials);
      expect(j.permissions?.["id-token"], name).toBe("write"); // OIDC, no long-lived cloud keys
    }
    expect(workflow.env.PULUMI_BACKEND_URL).toBe(gh("vars.PULUMI_BACKEND_URL"));
  });

  it("installs the program's locked dependencies, pulumi-predibase and @pulumi/pulumi, with `npm ci`", () => {
    const pkg = JSON.parse(readFileSync(join(example, "package.json"), "utf8"));
    const lock = JSON.parse(readFileSync(join(example, "package-lock.json"), "utf8"));
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@pulumi/pulumi", "pulumi-predibase"]);
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.packages[""].dependencies).toEqual(pkg.dependencies);
    expect(lock.packages[""].devDependencies).toEqual(pkg.devDependencies);
    expect(lock.packages["node_modules/@pulumi/pulumi"]?.version).toMatch(/^3\./);
    expect(lock.packages["node_modules/pulumi-predibase"]).toBeDefined();
    // Here pulumi-predibase is this repository (file:../..): the lockfile must follow its package.json.
    // When this fails: cd examples/gitops && npm install --package-lock-only --prefer-offline --ignore-scripts
    const root = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    const linked = lock.packages["../.."];
    expect(linked?.dependencies ?? {}).toEqual(root.dependencies ?? {});
    expect(linked?.peerDependencies ?? {}).toEqual(root.peerDependencies ?? {});
    for (const name of allJobs) {
      const setup = job(name).steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
      expect(setup?.with?.["cache-dependency-path"], name).toBe("infra/package-lock.json");
    }
  });

  it("names only stacks the example defines", () => {
    for (const stack of [...upJobs, ...(job("preview").strategy?.matrix?.stack ?? [])]) {
      expect(existsSync(join(example, `Pulumi.${stack}.yaml`)), stack).toBe(true);
    }
  });
});
