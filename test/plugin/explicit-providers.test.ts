// Two Predibase tenants in one program (issue 14): two explicit `pulumi:providers:predibase`
// resources, each given its own tenant's token, and one Deployment on each. The emulator maps
// each token to its own tenant namespace (`tenants` option), as the platform maps API tokens to
// tenants: asked with one token, it shows only that tenant's deployments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator/index.js";
import { Predibase } from "../../sdk/index.js";
import { emulator } from "../support/platform.js";
import { type YamlStack, yamlStack } from "../support/yaml-stacks.js";

const TOKEN_A = "pb_tenant_a_0123456789abcdef0123456789abcdef";
const TOKEN_B = "pb_tenant_b_0123456789abcdef0123456789abcdef";

const PROGRAM = `name: explicit-providers
runtime: yaml
config:
  tokenA:
    type: string
    secret: true
  tokenB:
    type: string
    secret: true
  apiUrl:
    type: string
  servingUrl:
    type: string
resources:
  tenant-a:
    type: pulumi:providers:predibase
    properties:
      apiToken: \${tokenA}
      apiUrl: \${apiUrl}
      servingUrl: \${servingUrl}
  tenant-b:
    type: pulumi:providers:predibase
    properties:
      apiToken: \${tokenB}
      apiUrl: \${apiUrl}
      servingUrl: \${servingUrl}
  llm-a:
    type: predibase:index:Deployment
    properties:
      name: alpha-llm
      baseModel: llama-3-2-1b-instruct
    options:
      provider: \${tenant-a}
  llm-b:
    type: predibase:index:Deployment
    properties:
      name: beta-llm
      baseModel: llama-3-2-1b-instruct
    options:
      provider: \${tenant-b}
outputs:
  urlA: \${llm-a.openaiBaseUrl}
  urlB: \${llm-b.openaiBaseUrl}
`;

/** The deployments one token sees, asked over HTTP as any client would. */
async function deploymentsSeenBy(emu: RunningEmulator, apiToken: string): Promise<string[]> {
  const client = new Predibase({ apiToken, apiUrl: emu.apiUrl, wireFormat: emu.wire });
  try {
    return (await client.deployments.list()).map((d) => d.name).sort();
  } finally {
    await client.close();
  }
}

describe("two explicit providers for two tenants in one program", () => {
  let emu: RunningEmulator;
  let t: YamlStack;

  beforeAll(async () => {
    emu = await emulator({
      apiToken: TOKEN_A,
      tenantId: "tenant-a",
      tenants: { [TOKEN_B]: "tenant-b" },
      timeScale: 5_000,
    });
    // No predibase:* config. The environment names tenant A: an explicit provider's own inputs
    // must win over it, or tenant B's deployment would land in tenant A.
    for (const key of Object.keys(process.env)) if (key.startsWith("PREDIBASE_")) delete process.env[key];
    t = await yamlStack({
      prefix: "explicit-providers",
      program: PROGRAM,
      env: { PREDIBASE_API_TOKEN: TOKEN_A, PREDIBASE_API_URL: emu.apiUrl },
    });
    await t.stack.setAllConfig({
      "explicit-providers:tokenA": { value: TOKEN_A, secret: true },
      "explicit-providers:tokenB": { value: TOKEN_B, secret: true },
      "explicit-providers:apiUrl": { value: emu.apiUrl },
      "explicit-providers:servingUrl": { value: emu.servingUrl },
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await emu?.close();
  });

  it("puts each deployment in its own provider's tenant", async () => {
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 5 }); // the stack, two providers, two deployments
    expect(await deploymentsSeenBy(emu, TOKEN_A)).toEqual(["alpha-llm"]);
    expect(await deploymentsSeenBy(emu, TOKEN_B)).toEqual(["beta-llm"]);
    // Each URL names its own tenant, looked up from the provider's token.
    expect(up.outputs.urlA?.value).toBe(`${emu.servingUrl}/tenant-a/deployments/v2/llms/alpha-llm/v1`);
    expect(up.outputs.urlB?.value).toBe(`${emu.servingUrl}/tenant-b/deployments/v2/llms/beta-llm/v1`);
  });

  it("records both providers in state without either token", async () => {
    const text = t.stateText();
    expect(text).not.toContain(TOKEN_A);
    expect(text).not.toContain(TOKEN_B);
    const providers = t.stateResources().filter((r) => r.type === "pulumi:providers:predibase");
    expect(providers.map((p) => p.urn.split("::").pop()).sort()).toEqual(["tenant-a", "tenant-b"]);
    const deployments = t.stateResources().filter((r) => r.type === "predibase:index:Deployment");
    // Each deployment points at its own provider (provider reference: `<urn>::<id>`).
    const byName = Object.fromEntries(
      deployments.map((d) => [d.id, String((d as { provider?: string }).provider)]),
    );
    expect(byName["alpha-llm"]).toMatch(/::tenant-a::/);
    expect(byName["beta-llm"]).toMatch(/::tenant-b::/);
  });

  it("changes nothing on a second up, and destroys each deployment in its tenant", async () => {
    const again = await t.stack.up();
    expect(again.summary.resourceChanges).toEqual({ same: 5 });
    await t.stack.destroy();
    expect(await deploymentsSeenBy(emu, TOKEN_A)).toEqual([]);
    expect(await deploymentsSeenBy(emu, TOKEN_B)).toEqual([]);
  });
});
