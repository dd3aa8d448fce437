import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "../../emulator/cli/args.js";
import { runCli } from "../../emulator/cli/run.js";

describe("predibase-emulator arguments", () => {
  it("reads flags in both forms, falling back to env variables", () => {
    const env = {
      PREDIBASE_EMULATOR_PORT: "9000",
      PREDIBASE_EMULATOR_TENANT: "from-env",
      PREDIBASE_EMULATOR_CLOCK: "manual",
    };
    expect(
      parseArgs(["--port=8123", "--token", "pb_x", "--time-scale", "50", "--log-requests"], env),
    ).toEqual({
      port: 8123,
      apiToken: "pb_x",
      tenantId: "from-env",
      timeScale: 50,
      clock: "manual",
      logRequests: true,
    });
  });

  it("rejects unknown flags and bad values, and prints usage for --help", async () => {
    expect(() => parseArgs(["--bogus"], {})).toThrow(/unknown argument/);
    expect(() => parseArgs(["--port", "abc"], {})).toThrow(/--port must be an integer/);
    expect(() => parseArgs(["--clock", "sundial"], {})).toThrow(/--clock must be one of/);
    const lines: string[] = [];
    expect((await runCli(["--help"], {}, (t) => lines.push(t))).exitCode).toBe(0);
    expect(lines.join("\n")).toContain("--state-file");
    expect((await runCli(["--port"], {}, (t) => lines.push(t))).exitCode).toBe(2);
  });

  it("chooses the wire format with --wire (or PREDIBASE_EMULATOR_WIRE) and says which it serves", async () => {
    expect(parseArgs(["--wire", "spec"], {})).toEqual({ wire: "spec" });
    expect(parseArgs([], { PREDIBASE_EMULATOR_WIRE: "platform" })).toEqual({ wire: "platform" });
    expect(() => parseArgs(["--wire", "xml"], {})).toThrow(/--wire must be one of platform, spec/);
    const lines: string[] = [];
    const { emulator } = await runCli(["--wire", "spec", "--token", "pb_wire"], {}, (t) => lines.push(t));
    try {
      expect(emulator?.wire).toBe("spec");
      expect(lines.join("\n")).toContain("export PREDIBASE_WIRE_FORMAT=spec");
      // Spec format: the seed's `/v2/models` is a bare array.
      const res = await fetch(`${emulator?.apiUrl}/models`, { headers: { authorization: "Bearer pb_wire" } });
      expect(Array.isArray(await res.json())).toBe(true);
    } finally {
      await emulator?.close();
    }
  });

  it("starts in process and prints the URLs and export lines", async () => {
    const lines: string[] = [];
    const { emulator } = await runCli(
      ["--port", "0", "--tenant", "acme", "--token", "pb_cli_token"],
      {},
      (t) => lines.push(t),
    );
    try {
      const out = lines.join("\n");
      expect(out).toContain(`export PREDIBASE_API_URL=${emulator?.apiUrl}`);
      expect(out).toContain("export PREDIBASE_TENANT_ID=acme");
      expect(out).toContain("export PREDIBASE_API_TOKEN=pb_cli_token");
      const res = await fetch(`${emulator?.apiUrl}/models`, {
        headers: { authorization: "Bearer pb_cli_token" },
      });
      expect(res.status).toBe(200);
    } finally {
      await emulator?.close();
    }
  });
});

// The real bin: compiled from emulator/ alone (the rest of the repo may be mid-edit), then spawned.
describe("predibase-emulator bin", () => {
  const root = resolve(__dirname, "../..");
  const outDir = join(root, ".cache", `emulator-cli-test-${process.pid}`);
  const cli = join(outDir, "emulator", "cli.js");
  let child: ChildProcess | undefined;

  beforeAll(() => {
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const flags = [
      "--ignoreConfig",
      "--outDir",
      outDir,
      "--rootDir",
      root,
      "--module",
      "nodenext",
      "--target",
      "es2023",
    ];
    execFileSync(
      process.execPath,
      [tsc, ...flags, "--strict", "--skipLibCheck", "--types", "node", join(root, "emulator/cli.ts")],
      {
        cwd: root,
      },
    );
  });
  afterAll(() => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    rmSync(outDir, { recursive: true, force: true });
  });

  it("starts with a shebang, serves, and stops cleanly on SIGTERM flushing state", async () => {
    expect(readFileSync(join(root, "emulator/cli.ts"), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(
      true,
    );
    const stateFile = join(mkdtempSync(join(tmpdir(), "emulator-cli-")), "state.json");
    const proc = spawn(
      process.execPath,
      [cli, "--port", "0", "--token", "pb_bin_token", "--state-file", stateFile],
      {
        env: { ...process.env, PREDIBASE_EMULATOR_CLOCK: "manual" },
      },
    );
    child = proc;
    let out = "";
    const apiUrl = await new Promise<string>((ok, fail) => {
      proc.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /export PREDIBASE_API_URL=(\S+)/.exec(out);
        if (match?.[1]) ok(match[1]);
      });
      proc.once("exit", (code) => fail(new Error(`bin exited early (${code}): ${out}`)));
    });
    const created = await fetch(`${apiUrl}/repos`, {
      method: "POST",
      headers: { authorization: "Bearer pb_bin_token", "content-type": "application/json" },
      body: JSON.stringify({ name: "from-bin" }),
    });
    expect(created.status).toBe(200);
    const exited = new Promise<number | null>((ok) => proc.once("exit", (code) => ok(code)));
    proc.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(existsSync(stateFile)).toBe(true);
    expect(readFileSync(stateFile, "utf8")).toContain("from-bin");
  });
});
