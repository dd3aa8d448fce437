// The plugin's gRPC surface, called as the engine calls it (the ResourceProvider client that
// @pulumi/pulumi ships), against the emulator over HTTP: configuration errors, unknown inputs,
// secrets, the engine's timeout, and Cancel ending a wait with the object kept (partial create).
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { PredibaseProvider } from "../../provider/plugin/predibase-provider.js";
import { serve } from "../../provider/plugin/server.js";
import { emulator } from "../support/platform.js";

// biome-ignore lint/suspicious/noExplicitAny: generated protobuf classes.
type Msg = any;
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc = fromPulumi("@grpc/grpc-js");
const provrpc = fromPulumi("./proto/provider_grpc_pb");
const proto = fromPulumi("./proto/provider_pb");
const statusProto = fromPulumi("./proto/status_pb");
const structProto = fromPulumi("google-protobuf/google/protobuf/struct_pb");

const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const secret = (value: unknown) => ({ ...SECRET, value });
const urnOf = (kind: string, name: string) => `urn:pulumi:test::proj::predibase:index:${kind}::${name}`;

let emu: RunningEmulator;
let client: Msg;

function rpc(method: string, req: Msg): Promise<Msg> {
  return new Promise((resolve, reject) => {
    client[method](req, (err: Error | null, resp: Msg) => (err ? reject(err) : resolve(resp)));
  });
}

async function plugin(): Promise<void> {
  const port = await serve(new PredibaseProvider(), () => {});
  client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}

function configureRequest(args: Record<string, unknown>): Msg {
  return new proto.ConfigureRequest().setArgs(structProto.Struct.fromJavaScript(args)).setAcceptsecrets(true);
}

const config = () => ({ apiToken: secret(emu.apiToken), apiUrl: emu.apiUrl, servingUrl: emu.servingUrl });

beforeAll(async () => {
  // Slow readiness (real seconds): waits are long enough to cut short.
  emu = await emulator({ timeScale: 1, durations: { deployment_pending: 120 } });
});
afterAll(async () => {
  await emu?.close();
});

describe("the plugin over gRPC", () => {
  it("fails Configure without a token, naming the stack setting and the variable", async () => {
    await plugin();
    const saved = process.env.PREDIBASE_API_TOKEN;
    delete process.env.PREDIBASE_API_TOKEN;
    try {
      const err = await rpc("configure", configureRequest({ apiUrl: emu.apiUrl })).catch((e) => e);
      expect(String(err.details ?? err.message)).toMatch(/predibase:apiToken/);
      expect(String(err.details ?? err.message)).toMatch(/PREDIBASE_API_TOKEN/);
    } finally {
      if (saved !== undefined) process.env.PREDIBASE_API_TOKEN = saved;
    }
  });

  it("rejects an unknown input and a wrong type at Check, naming the property", async () => {
    await plugin();
    await rpc("configure", configureRequest(config()));
    const req = new proto.CheckRequest()
      .setUrn(urnOf("Deployment", "llm"))
      .setOlds(structProto.Struct.fromJavaScript({}))
      .setNews(
        structProto.Struct.fromJavaScript({
          baseModel: "llama-3-1-8b-instruct",
          maxReplica: 2,
          minReplicas: "one",
        }),
      );
    const resp = await rpc("check", req);
    const failures = resp.getFailuresList().map((f: Msg) => [f.getProperty(), f.getReason()]);
    expect(failures.map((f: string[]) => f[0]).sort()).toEqual(["maxReplica", "minReplicas"]);
    expect(failures.find((f: string[]) => f[0] === "maxReplica")[1]).toMatch(
      /Deployment has no input "maxReplica"/,
    );
  });

  it("keeps hfToken secret in the checked inputs and out of the outputs", async () => {
    await plugin();
    await rpc("configure", configureRequest(config()));
    const news = { baseModel: "llama-3-1-8b-instruct", hfToken: "hf_plain_value", waitForReady: false };
    const checked = await rpc(
      "check",
      new proto.CheckRequest()
        .setUrn(urnOf("Deployment", "gated"))
        .setOlds(structProto.Struct.fromJavaScript({}))
        .setNews(structProto.Struct.fromJavaScript(news)),
    );
    const inputs = checked.getInputs().toJavaScript();
    expect(inputs.hfToken).toEqual(secret("hf_plain_value"));
    expect(inputs.name).toMatch(/^gated-[0-9a-f]{7}$/);
    const created = await rpc(
      "create",
      new proto.CreateRequest().setUrn(urnOf("Deployment", "gated")).setProperties(checked.getInputs()),
    );
    const outs = JSON.stringify(created.getProperties().toJavaScript());
    expect(created.getId()).toBe(inputs.name);
    expect(outs).not.toContain("hf_plain_value");
    expect(outs).toContain("hfTokenHash");
  });

  it("derives an auto-name from the URN and stores no seed, in the inputs or in the outputs", async () => {
    await plugin();
    await rpc("configure", configureRequest(config()));
    const news = { baseModel: "llama-3-1-8b-instruct", waitForReady: false };
    const inStack = async (stack: string) =>
      (await check(`urn:pulumi:${stack}::proj::predibase:index:Deployment::seeded`, {}, news)).toJavaScript();
    const inputs = await inStack("test");
    expect(inputs.autoNameSeed).toBeUndefined();
    expect(inputs.name).toMatch(/^seeded-[0-9a-f]{7}$/);
    expect((await inStack("test")).name).toBe(inputs.name);
    expect((await inStack("prod")).name).not.toBe(inputs.name);
    const created = await rpc(
      "create",
      new proto.CreateRequest()
        .setUrn(urnOf("Deployment", "seeded"))
        .setProperties(structProto.Struct.fromJavaScript(inputs)),
    );
    const outs = created.getProperties().toJavaScript();
    expect(outs.name).toBe(inputs.name);
    expect(outs.autoNameSeed).toBeUndefined();
    expect(outs.autoNamed).toBe(true);
  });

  it("over state an older plugin wrote (the seed stored), keeps the name and finds nothing to change", async () => {
    await plugin();
    await rpc("configure", configureRequest(config()));
    const urn = urnOf("Deployment", "older");
    const news = { baseModel: "llama-3-1-8b-instruct", waitForReady: false };
    const first = (await check(urn, {}, news)).toJavaScript();
    const oldInputs = { ...first, autoNameSeed: "proj/test/older" };
    const oldOutputs = { ...oldInputs, status: "ready", uuid: "u-1" };
    const checked = await check(urn, oldInputs, news);
    expect(checked.toJavaScript()).toEqual(first);
    const diff = await rpc(
      "diff",
      new proto.DiffRequest()
        .setUrn(urn)
        .setId(first.name)
        .setOlds(structProto.Struct.fromJavaScript(oldOutputs))
        .setNews(checked),
    );
    expect(diff.getChanges()).toBe(proto.DiffResponse.DiffChanges.DIFF_NONE);
  });

  it("deletes a failed auto-named object before its replacement, which gets the same name", async () => {
    await plugin();
    await rpc("configure", configureRequest(config()));
    const urn = urnOf("Deployment", "broken");
    const inputs = await check(urn, {}, { baseModel: "llama-3-1-8b-instruct", waitForReady: false });
    const name = inputs.toJavaScript().name;
    const diff = await rpc(
      "diff",
      new proto.DiffRequest()
        .setUrn(urn)
        .setId(name)
        .setOlds(structProto.Struct.fromJavaScript({ ...inputs.toJavaScript(), status: "failed" }))
        .setNews(inputs),
    );
    expect(diff.getReplacesList()).toEqual(["status"]);
    expect(diff.getDeletebeforereplace()).toBe(true);
  });

  it("ends a create's wait at the engine's timeout, keeping the object (partial create with its id)", async () => {
    await plugin();
    await rpc("configure", configureRequest(config()));
    const started = Date.now();
    const err = await rpc(
      "create",
      new proto.CreateRequest()
        .setUrn(urnOf("Deployment", "slow"))
        .setProperties(
          structProto.Struct.fromJavaScript({ name: "slow-llm", baseModel: "llama-3-1-8b-instruct" }),
        )
        .setTimeout(2),
    ).catch((e) => e);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(15_000);
    expect(String(err.details)).toMatch(/did not finish to become ready within 2s/);
    const detail = initFailure(err);
    expect(detail.getId()).toBe("slow-llm");
    expect(detail.getProperties().toJavaScript().status).toBe("pending");
  }, 30_000);

  it("ends a wait in flight on Cancel, keeping the object as after a timeout", async () => {
    await plugin();
    await rpc("configure", configureRequest(config()));
    const started = Date.now();
    const pending = rpc(
      "create",
      new proto.CreateRequest()
        .setUrn(urnOf("Deployment", "cut"))
        .setProperties(
          structProto.Struct.fromJavaScript({ name: "cut-llm", baseModel: "llama-3-1-8b-instruct" }),
        ),
    ).catch((e) => e);
    await new Promise((r) => setTimeout(r, 1_500));
    await rpc("cancel", new (fromPulumi("google-protobuf/google/protobuf/empty_pb").Empty)());
    const err = await pending;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(String(err.details)).toMatch(/was cancelled/);
    expect(initFailure(err).getId()).toBe("cut-llm");
  }, 30_000);
});

async function check(
  urn: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<Msg> {
  const resp = await rpc(
    "check",
    new proto.CheckRequest()
      .setUrn(urn)
      .setOlds(structProto.Struct.fromJavaScript(olds))
      .setNews(structProto.Struct.fromJavaScript(news)),
  );
  expect(resp.getFailuresList().map((f: Msg) => f.getReason())).toEqual([]);
  return resp.getInputs();
}

function initFailure(err: Msg): Msg {
  const bin = err.metadata.get("grpc-status-details-bin")[0];
  const status = statusProto.Status.deserializeBinary(bin);
  const any = status.getDetailsList()[0];
  expect(any.getTypeUrl()).toMatch(/ErrorResourceInitFailed$/);
  return proto.ErrorResourceInitFailed.deserializeBinary(any.getValue());
}
