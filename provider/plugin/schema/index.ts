// The Pulumi package schema of the `predibase` provider plugin: what `GetSchema` serves, what Check
// checks inputs against, and what `npm run gen:sdks` writes to schema.json and generates SDKs from.
// See https://www.pulumi.com/docs/iac/extending-pulumi/schema/.
import { VERSION } from "../../../sdk/version.js";
import { settingProperties } from "./config.js";
import { functionSpecs } from "./functions.js";
import { namedTypes } from "./named-types.js";
import { KINDS, resourceSpec } from "./resources.js";
import type { PulumiPackageSchema, ResourceSpec } from "./types.js";

export { inputNames, KINDS, type KindSource, outputNames } from "./resources.js";
export type { PulumiPackageSchema } from "./types.js";

/** The package name: tokens are `predibase:index:<Kind>`, config keys `predibase:<key>`. */
export const PACKAGE_NAME = "predibase";

/** Language options of the generated SDKs (generated/sdks/<language>). */
export const LANGUAGE = {
  nodejs: {
    packageName: "@pulumi-predibase/predibase",
    packageDescription: "Pulumi provider for Predibase: fine-tune and serve open-source LLMs as code.",
    respectSchemaVersion: true,
    dependencies: { "@pulumi/pulumi": "^3.276.0" },
  },
  python: {
    packageName: "pulumi_predibase",
    respectSchemaVersion: true,
    pyproject: { enabled: true },
    requires: { pulumi: ">=3.276.0,<4.0.0" },
  },
  go: {
    importBasePath: "github.com/pulumi-predibase/predibase/generated/sdks/go/predibase",
    respectSchemaVersion: true,
  },
} as const;

/** A fresh copy each call: callers may change theirs. */
export function packageSchema(): PulumiPackageSchema {
  const resources: Record<string, ResourceSpec> = {};
  for (const [kind, source] of Object.entries(KINDS)) {
    resources[`${PACKAGE_NAME}:index:${kind}`] = resourceSpec(kind, source);
  }
  const settings = settingProperties();
  return {
    name: PACKAGE_NAME,
    displayName: "Predibase",
    version: VERSION,
    description: "Fine-tune and serve open-source LLMs on Predibase as code.",
    keywords: ["pulumi", "predibase", "llm", "fine-tuning", "category/ai"],
    license: "Apache-2.0",
    publisher: "pulumi-predibase",
    meta: { moduleFormat: "(.*)", supportPack: true },
    config: { variables: settings },
    provider: {
      description: "The provider type for the predibase package: one per Predibase tenant and token.",
      inputProperties: settingProperties(),
    },
    types: namedTypes(),
    resources,
    functions: functionSpecs(),
    language: JSON.parse(JSON.stringify(LANGUAGE)) as PulumiPackageSchema["language"],
  };
}
