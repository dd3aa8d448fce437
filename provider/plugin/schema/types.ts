// The parts of the Pulumi package schema this package uses, as plain JSON. The full meta-schema is
// pulumi/pulumi `pkg/codegen/schema/pulumi.json`; the engine's generator (`pulumi package gen-sdk`)
// validates the object against it.

/** A property's type: a primitive, an array or map of a type, or a reference to a named type. */
export type TypeSpec =
  | { type: "string" | "integer" | "number" | "boolean" }
  | { type: "array"; items: TypeSpec }
  | { type: "object"; additionalProperties: TypeSpec }
  | { $ref: string };

export type PropertySpec = TypeSpec & {
  description?: string;
  /** The engine marks the value secret: encrypted in state, masked in output. */
  secret?: boolean;
};

export interface ObjectTypeSpec {
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

export interface ComplexTypeSpec extends ObjectTypeSpec {
  type: "object";
}

export interface EnumTypeSpec {
  type: "string";
  description?: string;
  enum: Array<{ value: string; name?: string; description?: string }>;
}

export interface ResourceSpec extends ObjectTypeSpec {
  inputProperties: Record<string, PropertySpec>;
  requiredInputs?: string[];
}

export interface FunctionSpec {
  description?: string;
  inputs?: ObjectTypeSpec;
  outputs: ObjectTypeSpec;
}

export interface PulumiPackageSchema {
  name: string;
  displayName?: string;
  version: string;
  description?: string;
  keywords?: string[];
  license?: string;
  repository?: string;
  publisher?: string;
  /** supportPack: versioned, packable SDKs (package.json, pyproject.toml, go.mod with the schema's version). */
  meta?: { moduleFormat: string; supportPack?: boolean };
  config: { variables: Record<string, PropertySpec>; defaults?: string[] };
  /** The provider resource: its inputs are the config; it has no outputs. */
  provider: Omit<ResourceSpec, "properties">;
  types: Record<string, ComplexTypeSpec | EnumTypeSpec>;
  resources: Record<string, ResourceSpec>;
  functions: Record<string, FunctionSpec>;
  language: Record<string, Record<string, unknown>>;
}
