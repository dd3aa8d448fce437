// `npm run demo` from the user's side: the demo script run as a process, twice (the second run
// changes nothing), then with --destroy; each with its own port and folder so it never touches a
// developer's own demo.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/engine-env.mjs";
import { newWorkDir } from "../support/stacks.js";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("the demo", () => {
  const dir = newWorkDir("demo");
  const stack = `demo-test-${process.pid}`;
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(repoRoot, `Pulumi.${stack}.yaml`), { force: true });
  });

  const run = async (...args: string[]) => {
    const result = spawnSync(process.execPath, [join(repoRoot, "scripts", "demo.mjs"), ...args], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DEMO_DIR: dir,
        DEMO_STACK: stack,
        DEMO_PORT: String(await freePort()),
        PREDIBASE_API_TOKEN: "",
      },
      encoding: "utf8",
      timeout: 240_000,
    });
    return { code: result.status, out: `${result.stdout}\n${result.stderr}` };
  };

  it("creates the quickstart, streams an answer from the adapter and prints the outputs", async () => {
    const { code, out } = await run();
    expect(code, out).toBe(0);
    expect(out).toMatch(/\+ 5 created/);
    expect(out).toMatch(/asking support-adapters-[0-9a-f]{7}\/1 on deployment support-llm-[0-9a-f]{7}/);
    const answer = out.split('What can I do?"')[1]?.split("==> stack outputs")[0] ?? "";
    expect(answer.trim().split(/\s+/).length).toBeGreaterThan(5);
    expect(out).toMatch(
      /openaiBaseUrl: {2}http:\/\/127\.0\.0\.1:\d+\/demo\/deployments\/v2\/llms\/support-llm-/,
    );
  });

  it("changes nothing on a second run, even with the emulator restarted on another port", async () => {
    const { code, out } = await run();
    expect(code, out).toBe(0);
    expect(out).toMatch(/5 unchanged/);
    expect(out).not.toMatch(/created|replaced|updated/);
  });

  it("tears everything down with --destroy", async () => {
    const { code, out } = await run("--destroy");
    expect(code, out).toBe(0);
    expect(out).toMatch(/- 5 deleted|5 deleted/);
  });
});
