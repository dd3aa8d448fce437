// Authentication and secrets. A missing or wrong token gives one clear error, never retried. The
// token appears nowhere: not in the backend folder (state, history, backups), the engine's output
// and debug logs, the provider's progress lines, or error messages.
import { inspect } from "node:util";
import * as predibase from "pulumi-predibase";
import { afterAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { AuthenticationError, Predibase } from "../../sdk/index.js";
import { emulator, platformEnv, predibaseStack } from "../support/platform.js";
import { inlineStack, type TestStack } from "../support/stacks.js";
import { audit, backendText, isClean, leaks, NO_FAULTS, rowsOf } from "./harness.js";
import { estate, HF_TOKEN } from "./scenario.js";

const table = rowsOf(__filename);
const WRONG = "pb_wrong_token_0123456789abcdef";

for (const key of [
  "PREDIBASE_API_TOKEN",
  "PREDIBASE_API_URL",
  "PREDIBASE_SERVING_URL",
  "PREDIBASE_TENANT_ID",
]) {
  delete process.env[key];
}

async function withStack<T>(
  make: (emu: RunningEmulator) => Promise<TestStack>,
  body: (t: TestStack, emu: RunningEmulator) => Promise<T>,
): Promise<T> {
  const emu = await emulator();
  const t = await make(emu);
  try {
    return await body(t, emu);
  } finally {
    await t.stack.destroy().catch(() => undefined);
    await t.dispose();
    await emu.close();
  }
}

const fails = (p: Promise<unknown>) =>
  p.then(
    () => "",
    (e: Error) => e.message,
  );

describe("authentication and secrets", () => {
  afterAll(() => {
    const all = table.finish();
    if (all) expect(all.filter((r) => !isClean(r))).toEqual([]);
  });

  it("token as secret config and an hf token: absent from state, history, debug logs (-v=8), progress lines and errors", async () => {
    await withStack(
      (emu) => predibaseStack("rel-secrets", emu, async () => estate()),
      async (t, emu) => {
        let logs = "";
        const onOutput = (o: string) => {
          logs += o;
        };
        const result = await t.stack.up({ debug: true, logVerbosity: 8, logToStdErr: true, onOutput });
        await t.stack.refresh({ onOutput, debug: true });
        // An error from the platform (a deployment that fails to start), and one from the settings.
        emu.control.addFailure({ kind: "deployment", target: "*", message: "GPU quota exhausted" });
        await t.stack.setConfig("predibase:apiUrl", { value: `${emu.apiUrl}/broken` });
        const failure = await fails(t.stack.up({ onOutput }));
        await t.stack.setConfig("predibase:apiUrl", { value: emu.apiUrl });
        const outputs = JSON.stringify(await t.stack.outputs());
        const { duplicates, orphans } = audit(emu, t.stateResources());
        // Not `exported`: the Automation API's exportStack asks `pulumi stack export --show-secrets`,
        // so it holds every secret decrypted, in the caller's memory (docs/reliability.md). What is
        // on disk is `backendText`; it holds them only encrypted.
        const texts = [logs, result.stdout, result.stderr, failure, outputs, backendText(t.dir)];
        // The API token, and the deployment's Hugging Face token (a secret input).
        const n = leaks(emu.apiToken, ...texts) + leaks(HF_TOKEN, ...texts);
        table.add({
          scenario: "secrets: token in secret config; state, history, -v=8 logs, progress, errors",
          runs: 3,
          // Up and refresh succeeded (they threw otherwise) and the broken URL failed as it must.
          converged: /404|not found/i.test(failure),
          duplicates,
          orphans,
          requests: emu.control.requests().length,
          leaks: n,
          faults: NO_FAULTS,
        });
        expect(failure).toMatch(/404|not found/i);
        // The progress lines and the engine's debug log (on stderr) really were captured.
        expect(logs).toMatch(/FineTuningJob [0-9a-f-]+: started training/);
        expect(logs).toMatch(/Deployment llm-[0-9a-f]+: deployment llm-[0-9a-f]+ is (ready|standby)/);
        // The engine's structured debug log (engine 3.276: JSON lines with a "v" level) on stderr.
        expect(result.stderr).toMatch(/"v":\d/);
        expect(result.stderr.length).toBeGreaterThan(50_000);
        expect(n).toBe(0);
        emu.control.clearFailures();
      },
    );
  });

  it("the most verbose engine log (-v=9, --debug): the token from PREDIBASE_API_TOKEN appears nowhere", async () => {
    await withStack(
      async (emu) => {
        const t = await inlineStack("rel-secrets-env", async () => estate(), {
          ...platformEnv(emu),
        });
        return t;
      },
      async (t, emu) => {
        let logs = "";
        const onOutput = (o: string) => {
          logs += o;
        };
        const result = await t.stack.up({ debug: true, logVerbosity: 9, logToStdErr: true, onOutput });
        const destroyed = await t.stack.destroy({
          debug: true,
          logVerbosity: 9,
          logToStdErr: true,
          onOutput,
        });
        const n = leaks(
          emu.apiToken,
          logs,
          result.stdout,
          result.stderr,
          destroyed.stdout,
          destroyed.stderr,
          backendText(t.dir),
        );
        const tenant = emu.control.state().tenants[emu.tenantId];
        table.add({
          scenario: "secrets: token in PREDIBASE_API_TOKEN; -v=9 engine logs, state, progress",
          runs: 2,
          converged: result.summary.result === "succeeded" && destroyed.summary.result === "succeeded",
          duplicates: 0, // a destroy follows: what is left is counted as orphans
          orphans: (tenant?.deployments.length ?? 0) + (tenant?.repos.length ?? 0),
          requests: emu.control.requests().length,
          leaks: n,
          faults: NO_FAULTS,
        });
        // The -v=9 engine logs really were captured (on stderr).
        expect(result.stderr.length + destroyed.stderr.length).toBeGreaterThan(100_000);
        expect(n).toBe(0);
      },
    );
  });

  it("the most verbose engine log (-v=9) with the token in secret config: the engine itself prints it", async () => {
    await withStack(
      (emu) => predibaseStack("rel-secrets-v9", emu, async () => estate()),
      async (t, emu) => {
        let logs = "";
        const result = await t.stack.preview({
          debug: true,
          logVerbosity: 9,
          logToStdErr: true,
          onOutput: (o) => {
            logs += o;
          },
        });
        const text = `${logs}\n${result.stdout}\n${result.stderr}`;
        const lines = text.split("\n").filter((l) => l.includes(emu.apiToken));
        const n = leaks(emu.apiToken, text);
        table.add({
          scenario: "secrets: token in secret config; -v=9 engine logs",
          runs: 1,
          converged: result.stdout.length > 0,
          duplicates: 0, // a preview creates nothing: any write is counted as an orphan
          orphans: emu.control.requests().filter((r) => r.method !== "GET").length,
          requests: emu.control.requests().length,
          leaks: n,
          faults: NO_FAULTS,
          ...(n > 0
            ? {
                known:
                  `at -v=9 the Pulumi engine logs every provider's Configure inputs decrypted (${lines.length} lines); ` +
                  "set the token as PREDIBASE_API_TOKEN where such logs are kept (docs/reliability.md)",
              }
            : {}),
        });
        // Measured, not hidden: at level 9 the engine logs the inputs it marshals for every
        // provider's Configure call, decrypted ("Marshaling property for RPC[Provider[…].Configure().inputs]").
        expect(result.stderr).toMatch(/"v":9/);
        expect(lines.every((l) => /Configure\(\)\.inputs/.test(l))).toBe(true);
        expect(leaks(emu.apiToken, backendText(t.dir))).toBe(0);
      },
    );
  });

  it("a wrong token: one 401 at preview, not retried, and the wrong token is not echoed", async () => {
    await withStack(
      (emu) => predibaseStack("rel-auth", emu, async () => estate()),
      async (t, emu) => {
        await t.stack.setConfig("predibase:apiToken", { value: WRONG, secret: true });
        const failure = await fails(t.stack.preview());
        const calls = emu.control.requests();
        table.add({
          scenario: "auth: wrong token at preview: one 401, no retry",
          runs: 1,
          converged: /missing or invalid API token.*HTTP 401/.test(failure) && calls.length === 1,
          duplicates: 0, // a preview creates nothing: any write is counted as an orphan
          orphans: calls.filter((r) => r.method !== "GET").length,
          requests: calls.length,
          leaks: leaks(WRONG, failure, backendText(t.dir)) + leaks(emu.apiToken, failure),
          faults: NO_FAULTS,
        });
        expect(failure).toMatch(/missing or invalid API token.*HTTP 401/);
        expect(failure).not.toContain(WRONG);
        // The model list, read once for all the checks of the provider process; nothing retried.
        expect(calls.filter((r) => r.status === 401)).toHaveLength(1);
        expect(calls).toHaveLength(1);
      },
    );
  });

  it("a wrong token on a stack of repos and datasets: the first create gets one 401, nothing is created", async () => {
    await withStack(
      (emu) =>
        predibaseStack("rel-auth-named", emu, async () => {
          new predibase.AdapterRepo("repo", {});
          new predibase.Dataset("data", {});
        }),
      async (t, emu) => {
        await t.stack.setConfig("predibase:apiToken", { value: WRONG, secret: true });
        // No check of these kinds reads the platform, so preview cannot see a wrong token.
        await t.stack.preview();
        expect(emu.control.requests()).toEqual([]);
        const failure = await fails(t.stack.up());
        const calls = emu.control.requests();
        const found = audit(emu, t.stateResources(), { AdapterRepo: 1, Dataset: 1 });
        table.add({
          scenario: "auth: wrong token, repos and datasets only: one 401 per create at up",
          runs: 2,
          converged: /missing or invalid API token.*HTTP 401/.test(failure) && calls.length <= 2,
          duplicates: found.duplicates,
          orphans: found.orphans,
          requests: calls.length,
          leaks: leaks(WRONG, failure, backendText(t.dir)),
          faults: NO_FAULTS,
        });
        expect(failure).toMatch(/missing or invalid API token.*HTTP 401/);
        expect(calls.every((r) => r.status === 401)).toBe(true);
        expect(calls.length).toBeLessThanOrEqual(2); // one POST per resource, none retried
        const tenant = emu.control.state().tenants[emu.tenantId];
        expect([tenant?.repos.length ?? 0, tenant?.datasets.length ?? 0]).toEqual([0, 0]);
      },
    );
  });

  it("the token removed from config after up: preview refuses clearly; refresh and destroy use the provider's encrypted copy", async () => {
    await withStack(
      (emu) => predibaseStack("rel-auth-missing", emu, async () => estate()),
      async (t, emu) => {
        await t.stack.up();
        const before = emu.control.requests().length;
        await t.stack.removeConfig("predibase:apiToken");
        const previewed = await fails(t.stack.preview());
        expect(previewed).toMatch(
          /no Predibase API token: set it with `pulumi config set --secret predibase:apiToken/,
        );
        expect(emu.control.requests().length).toBe(before); // not one call without a token
        // Refresh and destroy do not run the program: the engine configures the provider from the
        // config stored with it in state (the token as ciphertext), so they still work.
        const provider = t.stateResources().find((r) => r.type === "pulumi:providers:pulumi-nodejs") as
          | { inputs?: Record<string, unknown> }
          | undefined;
        expect(JSON.stringify(provider?.inputs?.["predibase:apiToken"])).toMatch(/ciphertext/);
        await t.stack.refresh();
        const { duplicates, orphans } = audit(emu, t.stateResources());
        const destroyed = await t.stack.destroy();
        const tenant = emu.control.state().tenants[emu.tenantId];
        const left = (tenant?.deployments.length ?? 0) + (tenant?.repos.length ?? 0);
        table.add({
          scenario: "auth: token removed after up: preview refuses, refresh/destroy use state's ciphertext",
          runs: 4,
          converged: destroyed.summary.result === "succeeded" && left === 0,
          duplicates,
          orphans: orphans + left,
          requests: emu.control.requests().length,
          leaks: leaks(emu.apiToken, previewed, backendText(t.dir)),
          faults: NO_FAULTS,
        });
        expect([tenant?.deployments.length, tenant?.repos.length]).toEqual([0, 0]);
      },
    );
  });

  it("the client: a 401 is thrown once, and the token is in no error, log line or inspection", async () => {
    const emu = await emulator();
    try {
      const lines: string[] = [];
      const wrong = new Predibase({ apiToken: WRONG, apiUrl: emu.apiUrl, logger: (l) => lines.push(l) });
      const err = await wrong.repos.list().catch((e: Error) => e);
      expect(err).toBeInstanceOf(AuthenticationError);
      expect(emu.control.requests()).toHaveLength(1);
      const right = new Predibase({
        apiToken: emu.apiToken,
        apiUrl: emu.apiUrl,
        logger: (l) => lines.push(l),
      });
      await right.repos.create({ name: "r" });
      const texts = [
        String(err),
        JSON.stringify(err),
        inspect(err, { depth: 5 }),
        inspect(right),
        JSON.stringify(right),
        ...lines,
      ];
      const n = leaks(WRONG, ...texts) + leaks(emu.apiToken, ...texts);
      await wrong.close();
      await right.close();
      const repos = emu.control.state().tenants[emu.tenantId]?.repos.length ?? 0;
      table.add({
        scenario: "auth: client 401 once; token in no error, log or inspect",
        runs: 2,
        converged: err instanceof AuthenticationError && repos === 1,
        duplicates: Math.max(0, repos - 1),
        orphans: 0, // the one repo is the one `right` created and returned
        requests: emu.control.requests().length,
        leaks: n,
        faults: NO_FAULTS,
      });
      expect(n).toBe(0);
    } finally {
      await emu.close();
    }
  });
});
