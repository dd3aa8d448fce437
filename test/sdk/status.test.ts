import { describe, expect, it } from "vitest";
import {
  type BatchInferenceJob,
  batchJobDone,
  type Deployment,
  deploymentReady,
  type FinetuningJob,
  finetuningJobDone,
  isDeploymentFailed,
  isDeploymentServing,
  isDeploymentStopped,
} from "../../sdk/index.js";

const dep = (status: string, extra: Partial<Deployment> = {}): Deployment => ({
  name: "d",
  base_model: "qwen3-8b",
  status,
  min_replicas: 0,
  max_replicas: 1,
  current_replicas: 0,
  ...extra,
});
const job = (status: string, error: string | null = null): FinetuningJob => ({
  id: "j1",
  base_model: "m",
  status,
  error,
});
const batch = (status: string): BatchInferenceJob => ({ id: "b1", base_model: "m", status });

// Table-driven over recorded states, as the readiness conditions are pure functions.
describe("deploymentReady", () => {
  it.each([
    ["pending", false, undefined],
    ["initializing", false, undefined],
    ["ready", true, undefined],
    ["updating", false, undefined], // a settings change is rolling out: waited out
    ["some-new-status", false, undefined], // unknown: keep waiting, never crash
    ["Ready", true, undefined],
    ["standby", true, undefined],
    ["errored", false, "deployment d is errored: no GPU"],
    ["failed", false, "deployment d is failed: no GPU"],
    ["deleting", false, "deployment d is being deleted"],
    ["deleted", false, "deployment d is deleted"],
  ])("%s → done %s, failed %s", (status, done, failed) => {
    const result = deploymentReady(dep(status, { error: "no GPU" }));
    expect(result.done).toBe(done);
    expect(result.failed).toBe(failed);
    expect(result.description).toContain(`deployment d is ${status}`);
  });

  it("ends the wait on stopped, told apart from a failure by terminalStatus", () => {
    const stopped = deploymentReady(dep("stopped", { error: "no GPU" }));
    expect(stopped.done).toBe(false);
    expect(stopped.failed).toMatch(/stopped: it does not serve until it is started again/);
    expect(stopped.terminalStatus).toBe("stopped");
    expect(isDeploymentFailed(dep("stopped"))).toBe(false);
    expect(isDeploymentStopped(dep("Stopped"))).toBe(true);
    expect(deploymentReady(dep("errored")).terminalStatus).toBe("errored");
  });

  it("still counts updating as serving (the official client's check)", () => {
    expect(isDeploymentServing(dep("updating"))).toBe(true);
  });

  it("counts standby as ready only when min_replicas is 0", () => {
    expect(isDeploymentServing(dep("standby", { min_replicas: 0 }))).toBe(true);
    expect(isDeploymentServing(dep("standby", { min_replicas: null }))).toBe(true);
    expect(isDeploymentServing(dep("standby", { min_replicas: 1 }))).toBe(false);
  });

  it("describes replicas", () => {
    expect(deploymentReady(dep("initializing", { current_replicas: 0, max_replicas: 2 })).description).toBe(
      "deployment d is initializing (0/2 replicas)",
    );
  });
});

describe("job conditions", () => {
  it.each([
    ["queued", false, false],
    ["training", false, false],
    ["stopping", false, false],
    ["completed", true, false],
    ["errored", false, true],
    ["canceled", false, true],
    ["cancelled", false, true],
    ["stopped", false, true],
  ])("fine-tuning %s → done %s, failed %s", (status, done, failed) => {
    const result = finetuningJobDone(job(status, "OOM"));
    expect(result.done).toBe(done);
    expect(result.failed !== undefined).toBe(failed);
  });

  it("puts the job's error in the failure reason", () => {
    expect(finetuningJobDone(job("errored", "CUDA out of memory")).failed).toBe(
      "fine-tuning job j1 is errored: CUDA out of memory",
    );
  });

  it.each([
    ["queued", false, false],
    ["running", false, false],
    ["completed", true, false],
    ["errored", false, true],
    ["failed", false, true],
    ["canceled", false, true],
    ["cancelled", false, true],
    ["stopped", false, true],
    ["paused-by-ops", false, false], // unknown: keep waiting
  ])("batch %s → done %s, failed %s", (status, done, failed) => {
    const result = batchJobDone(batch(status));
    expect(result.done).toBe(done);
    expect(result.failed !== undefined).toBe(failed);
  });
});
