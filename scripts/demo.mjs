// `npm run demo`: the quickstart stack against the embedded emulator (or your Predibase account
// when PREDIBASE_API_TOKEN is set), through the real Pulumi engine with a local file backend; then
// a streamed answer from the fine-tuned adapter. `--destroy` tears it all down.
//
// DEMO_PORT (default 8765), DEMO_DIR (default .cache/demo) and DEMO_STACK (default demo) let tests
// run a demo beside yours.
// The emulator keeps its state in DEMO_DIR, so the stack and the platform agree across runs.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { startEmulator } from "pulumi-predibase/emulator";
import { Predibase } from "pulumi-predibase/sdk";
import { offlinePulumiEnv, repoRoot } from "./engine-env.mjs";

const destroy = process.argv.includes("--destroy");
const dir = process.env.DEMO_DIR ?? join(repoRoot, ".cache", "demo");
const port = Number(process.env.DEMO_PORT ?? 8765);
const stack = process.env.DEMO_STACK ?? "demo";
const stateFile = join(dir, "emulator-state.json");
// A fixed token for the local emulator only, so the printed snippet works against it later too.
// It is treated as "no account": exporting it to try the snippet does not switch the demo to Predibase.
const DEMO_TOKEN = "pb_emulator_demo";
const usingAccount =
  Boolean(process.env.PREDIBASE_API_TOKEN) && process.env.PREDIBASE_API_TOKEN !== DEMO_TOKEN;
mkdirSync(dir, { recursive: true });

const say = (line) => console.log(`\x1b[1m==> ${line}\x1b[0m`);

async function platform() {
  if (usingAccount) {
    say("using your Predibase account (PREDIBASE_* settings)");
    return { env: {}, close: async () => {} };
  }
  const emulator = await startEmulator({ port, apiToken: DEMO_TOKEN, tenantId: "demo", stateFile }).catch(
    (err) => {
      throw new Error(
        `could not start the emulator on port ${port} (${err.message}); set DEMO_PORT to a free port`,
      );
    },
  );
  say(`embedded Predibase emulator on ${emulator.servingUrl} (tenant ${emulator.tenantId})`);
  return {
    env: {
      PREDIBASE_API_TOKEN: emulator.apiToken,
      PREDIBASE_API_URL: emulator.apiUrl,
      PREDIBASE_SERVING_URL: emulator.servingUrl,
      PREDIBASE_TENANT_ID: emulator.tenantId,
    },
    close: () => emulator.close(),
  };
}

// Ctrl-C in a terminal reaches pulumi too (same process group). Pulumi then cancels and waits for
// the operations in flight, which still poll the emulator in this process: so the demo must not
// die first (pulumi would hang on a dead emulator, holding the stack lock). It waits for pulumi to
// exit, forwards a SIGTERM or SIGHUP (sent to this process alone), then stops the emulator.
let running;
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    interrupted = true;
    if (!running) return; // between pulumi runs: the main flow stops at its next step
    if (signal !== "SIGINT") running.kill(signal);
    say(`${signal}: waiting for pulumi to stop (press Ctrl-C again to make pulumi stop at once)`);
  });
}

function pulumi(args, env, capture = false) {
  if (interrupted) return Promise.reject(new Error("interrupted"));
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", capture ? "pipe" : "inherit", "inherit"],
    });
    running = child;
    let out = "";
    child.stdout?.on("data", (chunk) => {
      out += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      running = undefined;
      if (code === 0 && !interrupted) resolve(out);
      else reject(new Error(interrupted ? "interrupted" : `pulumi ${args.join(" ")} exited with ${code}`));
    });
  });
}

async function queryAdapter(outputs, settings) {
  const client = new Predibase({
    apiToken: settings.PREDIBASE_API_TOKEN,
    apiUrl: settings.PREDIBASE_API_URL,
    servingUrl: settings.PREDIBASE_SERVING_URL,
    tenantId: settings.PREDIBASE_TENANT_ID,
  });
  const question = "My order has not arrived yet. What can I do?";
  say(`asking ${outputs.adapterVersion} on deployment ${outputs.deploymentName}: "${question}"`);
  const stream = await client.deployment(outputs.deploymentName).chat.completions.create({
    model: outputs.adapterVersion,
    messages: [{ role: "user", content: question }],
    max_tokens: 48,
    stream: true,
  });
  process.stdout.write("    ");
  for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
  process.stdout.write("\n");
  await client.close();
}

function printOutputs(outputs) {
  say("stack outputs");
  console.log(`    adapterVersion: ${outputs.adapterVersion}`);
  console.log(`    openaiBaseUrl:  ${outputs.openaiBaseUrl}`);
  console.log(`    query it:\n${String(outputs.querySnippet).replace(/^/gm, "      ")}`);
  if (!usingAccount) {
    // The emulator stops with the demo: serving the same state again makes the snippet work.
    say("the emulator stops with the demo; to paste the snippet, serve its state in another terminal:");
    const state = relative(repoRoot, stateFile) || stateFile;
    console.log(
      `    npm run emulator -- --port ${port} --tenant demo --token ${DEMO_TOKEN} --state-file ${state}`,
    );
    console.log(`    export PREDIBASE_API_TOKEN=${DEMO_TOKEN}`);
  }
}

const target = await platform();
const env = { ...offlinePulumiEnv(dir), ...target.env };
try {
  await pulumi(["stack", "select", "--create", stack], env);
  if (destroy) {
    say("destroying the quickstart stack");
    await pulumi(["destroy", "--yes", "--stack", stack], env);
    say("done: everything the demo created is gone");
  } else {
    say("pulumi up of the quickstart (examples/quickstart)");
    await pulumi(["up", "--yes", "--stack", stack], env);
    const outputs = JSON.parse(await pulumi(["stack", "output", "--json", "--stack", stack], env, true));
    await queryAdapter(outputs, { ...process.env, ...target.env });
    printOutputs(outputs);
    say("run `npm run demo` again: no changes. Tear down with `npm run demo:destroy`.");
  }
} catch (err) {
  // Pulumi has printed its own diagnostics; say what state things are in and how to go on.
  process.exitCode = interrupted ? 130 : 1;
  console.error(`\x1b[1m==> ${interrupted ? "interrupted" : `failed: ${err.message}`}\x1b[0m`);
  console.error(
    "    the stack keeps what was created: `npm run demo` resumes, `npm run demo:destroy` removes it",
  );
} finally {
  await target.close();
}
