import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { api, start } from "./helpers.js";

const MODEL = "llama-3-1-8b-instruct";

async function setup(e: RunningEmulator): Promise<void> {
  await api(e, "POST", "/datasets", { name: "train" });
  await api(e, "POST", "/repos", { name: "support" });
}
const createJob = async (e: RunningEmulator, extra: object = {}) =>
  (
    await api(e, "POST", "/finetuning/jobs", {
      base_model: MODEL,
      dataset: "train",
      repo: "support",
      ...extra,
    })
  ).body;
const getJob = async (e: RunningEmulator, id: string) => (await api(e, "GET", `/finetuning/jobs/${id}`)).body;

describe("fine-tuning lifecycle (manual clock)", () => {
  it("goes queued → training → completed and adds version 1 to the repo", async () => {
    const e = await start();
    await setup(e);
    const job = await createJob(e);
    expect(job).toMatchObject({
      status: "queued",
      adapter_type: "lora",
      task: "sft",
      adapter_version: null,
      repo: "support",
    });
    expect(job.uuid).toBe(job.id);
    e.control.advance(120);
    expect((await getJob(e, job.id)).status).toBe("training");
    e.control.advance(1199);
    expect((await getJob(e, job.id)).status).toBe("training");
    expect((await api(e, "GET", "/repos/support")).body.versions).toEqual([]);
    e.control.advance(1);
    expect(await getJob(e, job.id)).toMatchObject({
      status: "completed",
      adapter_version: "support/1",
      target_version_tag: 1,
    });
    const repo = (await api(e, "GET", "/repos/support")).body;
    expect(repo.versions).toHaveLength(1);
    expect(repo.versions[0]).toMatchObject({
      tag: 1,
      adapter_id: "support/1",
      base_model: MODEL,
      finetuning_job_id: job.id,
    });
  });

  it("tags versions in completion order, even when settled by one later read", async () => {
    const e = await start();
    await setup(e);
    const first = await createJob(e);
    e.control.advance(10);
    const second = await createJob(e, { adapter_type: "turbo_lora" });
    e.control.advance(5000);
    const list = (await api(e, "GET", "/finetuning/jobs")).body.data.jobs;
    const byId = new Map(list.map((j: { id: string }) => [j.id, j]));
    expect(byId.get(first.id)).toMatchObject({ adapter_version: "support/1" });
    expect(byId.get(second.id)).toMatchObject({ adapter_version: "support/2" });
    const versions = (await api(e, "GET", "/repos/support")).body.versions;
    expect(versions.map((v: { adapter_type: string }) => v.adapter_type)).toEqual(["lora", "turbo_lora"]);
  });

  it("completes without an adapter version when no repo was given", async () => {
    const e = await start();
    await setup(e);
    const job = await createJob(e, { repo: null });
    e.control.advance(1320);
    expect(await getJob(e, job.id)).toMatchObject({ status: "completed", adapter_version: null, repo: null });
  });

  it("cancels a running job and refuses to cancel a terminal one", async () => {
    const e = await start();
    await setup(e);
    const job = await createJob(e);
    e.control.advance(200);
    const canceled = await api(e, "POST", `/finetuning/jobs/${job.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body.status).toBe("canceled");
    e.control.advance(5000);
    expect((await getJob(e, job.id)).status).toBe("canceled");
    expect((await api(e, "GET", "/repos/support")).body.versions).toEqual([]);
    const again = await api(e, "POST", `/finetuning/jobs/${job.id}/cancel`, {});
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/is already canceled/);
    const done = await createJob(e);
    e.control.advance(1320);
    expect((await api(e, "POST", `/finetuning/jobs/${done.id}/cancel`)).status).toBe(409);
  });

  it("errors a job at training when a failure is forced", async () => {
    const e = await start();
    await setup(e);
    e.control.addFailure({ kind: "finetuning_job", target: "*", after_seconds: 60, message: "NaN loss" });
    const job = await createJob(e);
    e.control.advance(179);
    expect((await getJob(e, job.id)).status).toBe("training");
    e.control.advance(1);
    expect(await getJob(e, job.id)).toMatchObject({
      status: "errored",
      error: "NaN loss",
      adapter_version: null,
    });
    e.control.advance(5000);
    expect((await api(e, "GET", "/repos/support")).body.versions).toEqual([]);
    expect((await api(e, "POST", `/finetuning/jobs/${job.id}/cancel`)).status).toBe(409);
  });

  it("completes at once in immediate mode", async () => {
    const e = await start({ clock: "immediate" });
    await setup(e);
    const job = await createJob(e);
    expect(await getJob(e, job.id)).toMatchObject({ status: "completed", adapter_version: "support/1" });
  });
});

describe("batch inference lifecycle (manual clock)", () => {
  it("goes queued → running → completed with a result path", async () => {
    const e = await start();
    await setup(e);
    const job = (await api(e, "POST", "/batch-inference/jobs", { base_model: MODEL, dataset: "train" })).body;
    expect(job).toMatchObject({ status: "queued", result_path: null, output: null });
    e.control.advance(60);
    expect((await api(e, "GET", `/batch-inference/jobs/${job.id}`)).body.status).toBe("running");
    e.control.advance(300);
    const done = (await api(e, "GET", `/batch-inference/jobs/${job.id}`)).body;
    expect(done).toMatchObject({
      status: "completed",
      result_path: `s3://predibase-batch/${job.id}/results.jsonl`,
    });
    const withOutput = (
      await api(e, "POST", "/batch-inference/jobs", {
        base_model: MODEL,
        dataset: "train",
        output: "s3://mine/out",
      })
    ).body;
    e.control.advance(360);
    expect((await api(e, "GET", `/batch-inference/jobs/${withOutput.id}`)).body.result_path).toBe(
      "s3://mine/out",
    );
    expect((await api(e, "GET", "/batch-inference/jobs")).body.data.jobs).toHaveLength(2);
  });

  it("errors a batch job while running when a failure is forced", async () => {
    const e = await start();
    await setup(e);
    e.control.addFailure({ kind: "batch_job", target: "*", count: 1 });
    const failing = (await api(e, "POST", "/batch-inference/jobs", { base_model: MODEL, dataset: "train" }))
      .body;
    const fine = (await api(e, "POST", "/batch-inference/jobs", { base_model: MODEL, dataset: "train" }))
      .body;
    e.control.advance(60);
    expect((await api(e, "GET", `/batch-inference/jobs/${failing.id}`)).body).toMatchObject({
      status: "errored",
      result_path: null,
    });
    e.control.advance(300);
    expect((await api(e, "GET", `/batch-inference/jobs/${fine.id}`)).body.status).toBe("completed");
  });
});
