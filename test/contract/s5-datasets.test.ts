import { describe, expect, it } from "vitest";
import { call, platform, uploadDataset } from "./helpers.js";

const presignBody = JSON.stringify({
  mime_type: "text/csv",
  expiry_seconds: 3600,
  artifact_type: "ARTIFACT_TYPE_DATASET",
});

// docs/platform-wire.md §5 "Datasets": one test per row, raw HTTP only.
describe("§5 datasets", () => {
  it("get: GET /v1/datasets/name/{name}?connectionName=file_uploads → bare Dataset", async () => {
    const e = await platform();
    await uploadDataset(e, "ds");
    const res = await call(e, "GET", "/v1/datasets/name/ds?connectionName=file_uploads");
    expect(res.body).toMatchObject({
      uuid: expect.any(String),
      name: "ds",
      connection: { type: "file", name: "file_uploads" },
      status: "connected",
    });
    expect((await call(e, "GET", "/v1/datasets/name/ds?connectionName=s3_bucket")).status).toBe(404);
    expect((await call(e, "GET", "/v1/datasets/name/none?connectionName=file_uploads")).status).toBe(404);
  });

  it("upload 1: presign: POST /datasets/get_presigned_url (proto JSON as data=) → exactly {url, object_name, required_headers}", async () => {
    const e = await platform();
    const res = await call(e, "POST", "/datasets/get_presigned_url", undefined, { raw: presignBody });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["object_name", "required_headers", "url"]);
    expect(res.body.required_headers).toEqual({});
    expect(res.body.url).toBe(`${e.servingUrl}/__uploads/${res.body.object_name}`);
  });

  it("upload 2: put: PUT <url> without auth, with the guessed Content-Type", async () => {
    const e = await platform();
    const presign = (await call(e, "POST", "/datasets/get_presigned_url", undefined, { raw: presignBody }))
      .body;
    const put = await fetch(presign.url, {
      method: "PUT",
      headers: { "content-type": "text/csv" },
      body: "prompt,completion\na,b\n",
    });
    expect(put.status).toBe(200);
  });

  it("upload 3: register: POST /datasets/register_uploaded_file {dataset_name, object_name, file_name} → {id, …}", async () => {
    const e = await platform();
    const presign = (await call(e, "POST", "/datasets/get_presigned_url", undefined, { raw: presignBody }))
      .body;
    const early = await call(e, "POST", "/datasets/register_uploaded_file", {
      dataset_name: "ds",
      object_name: presign.object_name,
      file_name: "ds.csv",
    });
    expect([early.status, early.body.error]).toEqual([422, expect.stringMatching(/^object_name:/)]);
    await fetch(presign.url, { method: "PUT", body: "prompt,completion\na,b\n" });
    const res = await call(e, "POST", "/datasets/register_uploaded_file", {
      dataset_name: "ds",
      object_name: presign.object_name,
      file_name: "ds.csv",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: expect.any(String), name: "ds" });
    const again = await call(e, "POST", "/datasets/register_uploaded_file", {
      dataset_name: "ds",
      object_name: presign.object_name,
      file_name: "ds.csv",
    });
    expect(again.status).toBe(409);
  });

  it("upload 4: wait: GET /datasets/{id}?withInfo=true until status connected; lastError is the failure", async () => {
    const e = await platform();
    const presign = (await call(e, "POST", "/datasets/get_presigned_url", undefined, { raw: presignBody }))
      .body;
    await fetch(presign.url, { method: "PUT", body: "prompt,completion\na,b\n" });
    const { id } = (
      await call(e, "POST", "/datasets/register_uploaded_file", {
        dataset_name: "ds",
        object_name: presign.object_name,
        file_name: "ds.csv",
      })
    ).body;
    expect((await call(e, "GET", `/datasets/${id}?withInfo=true`)).body).toMatchObject({
      status: "connecting",
      lastError: null,
    });
    e.control.advance(10);
    expect((await call(e, "GET", `/v1/datasets/${id}?withInfo=true`)).body).toMatchObject({
      uuid: id,
      name: "ds",
      status: "connected",
      lastError: null,
    });
    // An empty file fails through lastError.
    const empty = (await call(e, "POST", "/datasets/get_presigned_url", undefined, { raw: presignBody }))
      .body;
    await fetch(empty.url, { method: "PUT", body: "" });
    const bad = (
      await call(e, "POST", "/datasets/register_uploaded_file", {
        dataset_name: "empty",
        object_name: empty.object_name,
        file_name: "e.csv",
      })
    ).body;
    expect((await call(e, "GET", `/datasets/${bad.id}?withInfo=true`)).body.lastError).toContain("empty");
  });

  it("from DataFrame: the same upload with a CSV file; the name is the file stem", async () => {
    const e = await platform();
    const res = await uploadDataset(e, "frame", "a,b\n1,2\n");
    expect(res.status).toBe(200);
    expect((await call(e, "GET", "/v1/datasets/name/frame?connectionName=file_uploads")).body.status).toBe(
      "connected",
    );
  });

  it("download: GET /v2/datasets/{uuid}/download-link → {url, fileExtension?}; the url serves the file", async () => {
    const e = await platform();
    const { id } = (await uploadDataset(e, "ds", "x,y\n")).body;
    const res = await call(e, "GET", `/v2/datasets/${id}/download-link`);
    expect(res.body).toEqual({ url: expect.any(String), fileExtension: "jsonl" });
    expect(await (await fetch(res.body.url)).text()).toBe("x,y\n");
  });

  it("augment: POST /v2/datasets/{uuid}/augment {name, config, openaiApiKey} → {datasetId}, then the same wait", async () => {
    const e = await platform();
    const { id } = (await uploadDataset(e, "seed")).body;
    const config = {
      base_model: "gpt-4o-mini",
      num_samples_to_generate: 1000,
      num_seed_samples: "all",
      augmentation_strategy: "single_pass",
      task_context: "",
    };
    const res = await call(e, "POST", `/v2/datasets/${id}/augment`, {
      name: "more",
      config,
      openaiApiKey: "sk-test",
    });
    expect(res.body).toEqual({ datasetId: expect.any(String) });
    expect(res.text).not.toContain("sk-test");
    e.control.advance(10);
    expect((await call(e, "GET", `/datasets/${res.body.datasetId}?withInfo=true`)).body.status).toBe(
      "connected",
    );
    const badModel = await call(e, "POST", `/v2/datasets/${id}/augment`, {
      name: "x",
      config: { ...config, base_model: "llama" },
      openaiApiKey: "k",
    });
    expect([badModel.status, badModel.body.error]).toEqual([
      422,
      expect.stringMatching(/^config\.base_model:/),
    ]);
  });

  it("list / v2 create / v2 get: legacy GET /data/datasets/fetch/allowed_only; the seed's /v2/datasets stay served", async () => {
    const e = await platform();
    await uploadDataset(e, "up");
    const created = await call(e, "POST", "/v2/datasets", { name: "src", source: "s3://bucket/train.jsonl" });
    expect(created.body).toMatchObject({ name: "src", status: "connected", connection: expect.any(Object) });
    const legacy = await call(e, "GET", "/data/datasets/fetch/allowed_only");
    expect(legacy.body.datasets.map((d: { name: string }) => d.name).sort()).toEqual(["src", "up"]);
    expect((await call(e, "GET", "/v2/datasets")).body.data.datasets).toHaveLength(2);
    expect((await call(e, "GET", "/v2/datasets/src")).body.name).toBe("src");
  });
});
