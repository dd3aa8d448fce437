import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index.js";
import { api, start } from "./helpers.js";

const stateDir = () => mkdtempSync(join(tmpdir(), "predibase-emulator-"));
const TOKEN = "pb_persist_token_0001";

describe("stateFile persistence", () => {
  it("writes every change atomically and reloads it on restart", async () => {
    const dir = stateDir();
    const stateFile = join(dir, "nested", "state.json");
    const first = await start({ stateFile, apiToken: TOKEN });
    await api(first, "POST", "/repos", { name: "kept" });
    await api(first, "POST", "/datasets", { name: "rows" });
    const job = (
      await api(first, "POST", "/finetuning/jobs", { base_model: "qwen3-8b", dataset: "rows", repo: "kept" })
    ).body;
    const saved = JSON.parse(readFileSync(stateFile, "utf8"));
    expect(saved.format).toBe("predibase-emulator-state");
    expect(Object.keys(saved.tenants["tenant-local"].repos[0])).toContain("versions");
    expect(readdirSync(join(dir, "nested"))).toEqual(["state.json"]);
    first.control.advance(200);
    await first.close();

    const second = await start({ stateFile, apiToken: TOKEN });
    expect((await api(second, "GET", "/repos/kept")).status).toBe(200);
    // The emulated clock resumed where it was: the job is still training, 200 s in.
    expect((await api(second, "GET", `/finetuning/jobs/${job.id}`)).body.status).toBe("training");
    second.control.advance(1120);
    expect((await api(second, "GET", `/finetuning/jobs/${job.id}`)).body.adapter_version).toBe("kept/1");
    await second.close();

    const third = await start({ stateFile, apiToken: TOKEN });
    expect((await api(third, "GET", "/repos/kept")).body.versions).toHaveLength(1);
  });

  it("persists out-of-band changes and resets", async () => {
    const stateFile = join(stateDir(), "state.json");
    const e = await start({ stateFile });
    e.control.seed({ repos: [{ name: "seeded" }] });
    expect(readFileSync(stateFile, "utf8")).toContain('"seeded"');
    e.control.reset();
    expect(JSON.parse(readFileSync(stateFile, "utf8")).tenants).toEqual({});
  });

  it("refuses to start on a corrupt state file instead of silently dropping it", async () => {
    const stateFile = join(stateDir(), "state.json");
    writeFileSync(stateFile, "{ not json");
    await expect(startEmulator({ stateFile })).rejects.toThrow(/not valid JSON/);
  });
});
