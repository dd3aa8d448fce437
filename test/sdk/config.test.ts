import { describe, expect, it } from "vitest";
import {
  DEFAULT_API_URL,
  DEFAULT_SERVING_URL,
  Predibase,
  PredibaseConfigError,
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

  it("rejects nonsensical numbers", () => {
    expect(() => resolveConfig({ apiToken: "x", timeout: 0 }, {})).toThrow(/timeout/);
    expect(() => resolveConfig({ apiToken: "x", maxRetries: -1 }, {})).toThrow(/maxRetries/);
  });

  it("needs a tenant only when the data plane is used, and says where to find it", async () => {
    const saved = process.env.PREDIBASE_TENANT_ID;
    delete process.env.PREDIBASE_TENANT_ID;
    try {
      const client = new Predibase({ apiToken: "pb_x" });
      expect(client.tenantId).toBeUndefined();
      expect(() => client.deployment("my-llm")).toThrow(/tenantId.*PREDIBASE_TENANT_ID/);
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
