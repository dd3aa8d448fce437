// `npm run demo` from the user's side: the demo script run as a process, twice (the second run
// changes nothing), then with --destroy, then brought back and interrupted with Ctrl-C; each run
// with its own port and folder so it never touches a developer's own demo.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
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

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

describe("the demo", () => {
  const dir = newWorkDir("demo");
  const stack = `demo-test-${process.pid}`;
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(repoRoot, `Pulumi.${stack}.yaml`), { force: true });
  });

  // An empty PREDIBASE_API_TOKEN: the embedded emulator, whatever the developer's shell has set.
  const demoEnv = async () => ({
    ...process.env,
    DEMO_DIR: dir,
    DEMO_STACK: stack,
    DEMO_PORT: String(await freePort()),
    PREDIBASE_API_TOKEN: "",
  });
  const run = async (...args: string[]) => {
    const result = spawnSync(process.execPath, [join(repoRoot, "scripts", "demo.mjs"), ...args], {
      cwd: repoRoot,
      env: await demoEnv(),
      encoding: "utf8",
      timeout: 240_000,
    });
    return { code: result.status, out: `${result.stdout}\n${result.stderr}` };
  };

  let firstOut = "";
  it("creates the quickstart, streams an answer from the adapter and prints the outputs", async () => {
    const { code, out } = await run();
    firstOut = out;
    expect(code, out).toBe(0);
    expect(out).toMatch(/\+ 5 created/);
    expect(out).toMatch(/asking support-adapters-[0-9a-f]{7}\/1 on deployment support-llm-[0-9a-f]{7}/);
    const answer = out.split('What can I do?"')[1]?.split("==> stack outputs")[0] ?? "";
    expect(answer.trim().split(/\s+/).length).toBeGreaterThan(5);
    expect(out).toMatch(
      /openaiBaseUrl: {2}http:\/\/127\.0\.0\.1:\d+\/demo\/deployments\/v2\/llms\/support-llm-/,
    );
  });

  it("prints a snippet that works when pasted into a shell, once the emulator serves the demo's state", async () => {
    const lines = firstOut.split("\n");
    // The printed `npm run emulator -- <args>`, run straight from dist/ (npm run would rebuild).
    const serve = lines.find((l) => l.includes("npm run emulator --"))?.split("npm run emulator --")[1];
    expect(serve).toBeDefined();
    const token = lines
      .find((l) => l.includes("export PREDIBASE_API_TOKEN="))
      ?.split("=")[1]
      ?.trim();
    const rest = lines.slice(lines.findIndex((l) => l.includes("query it:")) + 1);
    const snippet = rest
      .slice(
        0,
        rest.findIndex((l) => !l.startsWith("      ")),
      )
      .join("\n");
    expect(snippet).toContain("curl -s http://127.0.0.1:");
    expect(snippet).not.toContain(String(token)); // the token comes from the shell, never the stack

    const emulator = spawn(
      process.execPath,
      [join(repoRoot, "dist", "emulator", "cli.js"), ...String(serve).trim().split(/\s+/)],
      { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] },
    );
    children.push(emulator);
    await new Promise((resolve) => emulator.stdout?.once("data", resolve)); // its banner: listening
    const curl = spawnSync("sh", ["-c", snippet], {
      env: { ...process.env, PREDIBASE_API_TOKEN: String(token) },
      encoding: "utf8",
    });
    emulator.kill("SIGTERM");
    await exited(emulator);
    expect(curl.status, curl.stderr).toBe(0);
    const reply = JSON.parse(curl.stdout);
    expect(reply.choices[0].message.content.split(" ").length).toBeGreaterThan(3);
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

  it("comes back after a destroy, and on Ctrl-C lets pulumi finish before stopping the emulator", async () => {
    // Its own process group, which a terminal's Ctrl-C signals as a whole: the demo and pulumi.
    const demo = spawn(process.execPath, [join(repoRoot, "scripts", "demo.mjs")], {
      cwd: repoRoot,
      env: await demoEnv(),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(demo);
    let out = "";
    const interruptAt = new Promise<void>((resolve) => {
      const onData = (chunk: Buffer) => {
        out += chunk;
        if (/fine-tuning job \S+ is queued/.test(out)) resolve(); // operations in flight
      };
      demo.stdout?.on("data", onData);
      demo.stderr?.on("data", onData);
    });
    const code = exited(demo);
    await interruptAt;
    process.kill(-(demo.pid as number), "SIGINT");
    expect(await code, out).toBe(130);
    expect(out).toMatch(/adopted into this stack/); // the dataset the destroy could not delete
    expect(out).toMatch(/waiting for pulumi to stop/);
    expect(out).toMatch(/update canceled/);
    expect(out).toMatch(/==> interrupted/);
    // Pulumi ended its update cleanly: no lock left behind, so the next run can go on at once.
    const locks = join(dir, "backend", ".pulumi", "locks", "organization", "predibase-quickstart", stack);
    expect(existsSync(locks) ? readdirSync(locks) : []).toEqual([]);

    const resumed = await run();
    expect(resumed.code, resumed.out).toBe(0);
    expect(resumed.out).toMatch(/==> stack outputs/);
  });
});
