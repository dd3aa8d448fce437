import { describe, expect, it } from "vitest";
import {
  DEFAULT_API_URL,
  DEFAULT_SERVING_URL,
  Predibase,
  PredibaseConfigError,
  type PredibaseOptions,
  resolveConfig,
} from "../../sdk/index.js";

describe("configuration", () => {
  it("takes explicit options over the environment", () => {
    const { config, apiToken } = resolveConfig(
      { apiToken: "pb_opt", apiUrl: "http://a.test/v2/", tenantId: "t1" },
      { PREDIBASE_API_TOKEN: "pb_env", PREDIBASE_API_URL: "http://env.test/v2", PREDIBASE_TENANT_ID: "t2" },
    );
    expect(apiToken).toBe("pb_opt");
    expect(config.apiUrl).toBe("http://a.test/v2"); // trailing slash dropped
    expect(config.tenantId).toBe("t1");
  });

  it("falls back to the environment, then to the real hosts", () => {
    const { config, apiToken } = resolveConfig(
      {},
      { PREDIBASE_API_TOKEN: "pb_env", PREDIBASE_SERVING_URL: "http://s.test" },
    );
    expect(apiToken).toBe("pb_env");
    expect(config.servingUrl).toBe("http://s.test");
    expect(config.apiUrl).toBe(DEFAULT_API_URL);
    expect(resolveConfig({ apiToken: "x" }, {}).config.servingUrl).toBe(DEFAULT_SERVING_URL);
  });

  it("has the documented defaults", () => {
    const { config } = resolveConfig({ apiToken: "x" }, {});
    expect(config).toMatchObject({
      timeout: 60_000,
      maxRetries: 2,
      streamIdleTimeout: 60_000,
      tenantId: undefined,
    });
  });

  it("names the option and the env var when the token is missing (empty counts as missing)", () => {
    let error: unknown;
    try {
      resolveConfig({ apiToken: "" }, { PREDIBASE_API_TOKEN: " " });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PredibaseConfigError);
    const configError = error as PredibaseConfigError;
    expect(configError.message).toContain("apiToken");
    expect(configError.message).toContain("PREDIBASE_API_TOKEN");
    expect(configError.option).toBe("apiToken");
    expect(configError.envVar).toBe("PREDIBASE_API_TOKEN");
  });

  it("rejects a URL that is not absolute http(s)", () => {
    expect(() => resolveConfig({ apiToken: "x", apiUrl: "api.example" }, {})).toThrow(
      /apiUrl.*PREDIBASE_API_URL/,
    );
    expect(() => resolveConfig({ apiToken: "x", servingUrl: "ftp://x" }, {})).toThrow(PredibaseConfigError);
  });

  it("speaks the platform wire format unless told otherwise (option, then env)", async () => {
    expect(resolveConfig({ apiToken: "x" }, {}).config.wireFormat).toBe("platform");
    expect(resolveConfig({ apiToken: "x" }, { PREDIBASE_WIRE_FORMAT: "spec" }).config.wireFormat).toBe(
      "spec",
    );
    expect(
      resolveConfig({ apiToken: "x", wireFormat: "platform" }, { PREDIBASE_WIRE_FORMAT: "spec" }).config
        .wireFormat,
    ).toBe("platform");
    const client = new Predibase({ apiToken: "pb_x", wireFormat: "spec" });
    expect(client.wireFormat).toBe("spec");
    await client.close();
  });

  it("rejects an unknown wire format, naming the allowed values and where it came from", () => {
    const bad = () => resolveConfig({ apiToken: "x" }, { PREDIBASE_WIRE_FORMAT: "v3" });
    expect(bad).toThrow(PredibaseConfigError);
    expect(bad).toThrow(/"v3".*"platform", "spec".*wireFormat.*PREDIBASE_WIRE_FORMAT/);
    const typo = { apiToken: "x", wireFormat: "plattform" } as unknown as PredibaseOptions;
    expect(() => resolveConfig(typo, {})).toThrow(/"plattform"/);
  });

  it("treats apiUrl as the gateway: one trailing /v1 or /v2 is stripped", () => {
    const gateway = (apiUrl: string) => resolveConfig({ apiToken: "x", apiUrl }, {}).config.gatewayUrl;
    expect(gateway("https://api.app.predibase.com/v2")).toBe("https://api.app.predibase.com");
    expect(gateway("https://api.app.predibase.com/v1/")).toBe("https://api.app.predibase.com");
    expect(gateway("https://api.app.predibase.com")).toBe("https://api.app.predibase.com");
    expect(gateway("http://127.0.0.1:9/proxy/v2")).toBe("http://127.0.0.1:9/proxy");
    expect(gateway("http://h.test/v2/v2")).toBe("http://h.test/v2");
    expect(gateway("http://h.test/v20")).toBe("http://h.test/v20");
  });

  it("rejects nonsensical numbers", () => {
    expect(() => resolveConfig({ apiToken: "x", timeout: 0 }, {})).toThrow(/timeout/);
    expect(() => resolveConfig({ apiToken: "x", maxRetries: -1 }, {})).toThrow(/maxRetries/);
  });

  it("gives serving URLs only once the tenant is known, and says how to get it", async () => {
    const saved = process.env.PREDIBASE_TENANT_ID;
    delete process.env.PREDIBASE_TENANT_ID;
    try {
      const client = new Predibase({ apiToken: "pb_x" });
      expect(client.tenantId).toBeUndefined();
      expect(() => client.deployment("my-llm").baseUrl).toThrow(
        /resolveTenantId.*tenantId.*PREDIBASE_TENANT_ID/,
      );
      await client.close();
    } finally {
      if (saved !== undefined) process.env.PREDIBASE_TENANT_ID = saved;
    }
  });

  it("builds data-plane URLs from servingUrl, tenant and deployment", async () => {
    const client = new Predibase({ apiToken: "pb_x", servingUrl: "http://serve.test/", tenantId: "abc123" });
    const dep = client.deployment("my-llm");
    expect(dep.baseUrl).toBe("http://serve.test/abc123/deployments/v2/llms/my-llm");
    expect(dep.openaiBaseUrl).toBe("http://serve.test/abc123/deployments/v2/llms/my-llm/v1");
    await client.close();
  });
});
