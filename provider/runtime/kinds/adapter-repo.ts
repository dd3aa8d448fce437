import { NotFoundError } from "../../../sdk/errors.js";
import type { Repo } from "../../../sdk/index.js";
import { createOrAdopt, differences } from "../adopt.js";
import { unlessGone } from "../gone.js";
import { type KindSpec, outputsOf } from "../kind.js";
import { defined } from "../outputs.js";
import { validateForCreate } from "../revalidate.js";
import { platform } from "../settings.js";
import { checkBoolean, checkName, checkOptionalString } from "../validate.js";

export const adapterRepoSpec: KindSpec<Repo> = {
  label: "AdapterRepo",
  named: true,
  // There is no repo update endpoint, and replacing a repo deletes every trained version: the
  // description is set at create and a later change is ignored, with a warning.
  fields: [{ input: "description", wire: "description", onChange: "fixed" }],
  providerInputs: ["adoptExisting"],
  outputs: { name: "name", uuid: "uuid", description: "description", createdAt: "created_at" },
  derivedOutputs: (repo) => ({
    versions: (repo.versions ?? []).map((v) =>
      defined({
        tag: v.tag,
        adapterId: v.adapter_id,
        baseModel: v.base_model ?? undefined,
        adapterType: v.adapter_type ?? undefined,
        finetuningJobId: v.finetuning_job_id ?? undefined,
        status: v.status ?? undefined,
        createdAt: (v as { created_at?: string | null }).created_at ?? undefined,
      }),
    ),
    versionCount: repo.versions?.length ?? 0,
  }),
  get: async (id) => (await platform()).repos.get(id),

  async validate(p, f) {
    checkName(f, p);
    checkOptionalString(f, p, "description");
    checkBoolean(f, p, "adoptExisting");
  },

  async create(inputs) {
    await validateForCreate(adapterRepoSpec, inputs);
    const name = String(inputs.name);
    const description = inputs.description as string | undefined;
    const repo = await createOrAdopt({
      label: "AdapterRepo",
      name,
      adopt: inputs.adoptExisting === true,
      create: async () => (await platform()).repos.create({ name, description }),
      get: async () => (await platform()).repos.get(name),
      mismatches: (r) => differences([["description", description, r.description ?? undefined]]),
    });
    return { id: name, outs: outputsOf(adapterRepoSpec, inputs, repo) };
  },

  async update(id, _olds, news) {
    return { outs: outputsOf(adapterRepoSpec, news, await (await platform()).repos.get(id)) };
  },

  async delete(id) {
    try {
      await (await platform()).repos.delete(id);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  },

  async replaceWarning(id) {
    // The versions trained since the repo's last refresh count too: ask the platform.
    const repo = await unlessGone(async () => (await platform()).repos.get(id));
    const versions = repo?.versions ?? [];
    if (versions.length === 0) return undefined;
    const tags = versions.map((v) => `${id}/${v.tag}`).join(", ");
    return (
      `replacing AdapterRepo ${id} deletes it with its ${versions.length} trained adapter ` +
      `version(s) (${tags}); that trained work is lost`
    );
  },
};
