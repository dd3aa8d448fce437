// The plugin against the schema version a program's SDK was generated from (the engine passes it to
// CheckConfig as the provider's `version`): older or another major fails naming both; newer works
// and says the SDK lags behind.
import { describe, expect, it } from "vitest";
import { versionNotice, versionProblem } from "../../provider/plugin/version.js";

describe("plugin and schema versions", () => {
  it("fails a plugin older than the SDK's schema, naming both versions and the fix", () => {
    const problem = versionProblem("0.3.0", "0.2.5");
    expect(problem).toMatch(/pulumi-resource-predibase 0\.2\.5 is older than the schema 0\.3\.0/);
    expect(problem).toMatch(/npm install -g pulumi-predibase@0\.3\.0/);
    expect(versionProblem("0.2.6", "0.2.5")).toBeDefined();
  });

  it("fails another major version either way", () => {
    expect(versionProblem("1.0.0", "2.0.0")).toMatch(/another major version/);
    expect(versionProblem("2.0.0", "1.9.0")).toMatch(/another major version/);
  });

  it("accepts the same or a newer plugin, and tells about the newer one", () => {
    expect(versionProblem("0.2.0", "0.2.0")).toBeUndefined();
    expect(versionNotice("0.2.0", "0.2.0")).toBeUndefined();
    expect(versionProblem("0.2.0", "0.3.1")).toBeUndefined();
    expect(versionNotice("0.2.0", "0.3.1")).toMatch(/0\.3\.1 is newer than the schema 0\.2\.0/);
  });

  it("says nothing when the program gives no version (YAML, or no SDK)", () => {
    expect(versionProblem(undefined)).toBeUndefined();
    expect(versionProblem("")).toBeUndefined();
    expect(versionNotice(undefined)).toBeUndefined();
  });
});
