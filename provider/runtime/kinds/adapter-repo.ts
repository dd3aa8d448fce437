import { NotFoundError, type Repo } from "../../../sdk/index.js";
import { createOrAdopt, differences } from "../adopt.js";
import { unlessGone } from "../gone.js";
import { type KindSpec, providerOnly } from "../kind.js";
import { camelize, defined } from "../outputs.js";
import { validateForCreate } from "../revalidate.js";
import { platform } from "../settings.js";
import { checkBoolean, checkName, checkOptionalString, type Props } from "../validate.js";

export const adapterRepoSpec: KindSpec = {
  label: "AdapterRepo",
  platformInputs: ["description"],
  providerInputs: ["adoptExisting"],
  named: true,

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
      create: () => platform().repos.create({ name, description }),
      get: () => platform().repos.get(name),
      mismatches: (r) => differences([["description", description, r.description ?? undefined]]),
    });
    return { id: name, outs: outputs(inputs, repo) };
  },

  async read(id, props) {
    const repo = await unlessGone(() => platform().repos.get(id));
    if (!repo) return {};
    const inputs = defined({
      ...providerOnly(adapterRepoSpec, props),
      name: repo.name,
      description: props.description === undefined ? undefined : (repo.description ?? undefined),
    });
    return { id, props: outputs(props, repo), inputs };
  },

  async update(id, _olds, news) {
    return { outs: outputs(news, await platform().repos.get(id)) };
  },

  async delete(id) {
    try {
      await platform().repos.delete(id);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  },

  replaceWarning(olds) {
    const versions = Array.isArray(olds.versions) ? (olds.versions as Array<{ tag?: number }>) : [];
    if (versions.length === 0) return undefined;
    const tags = versions.map((v) => `${String(olds.name)}/${v.tag}`).join(", ");
    return (
      `replacing AdapterRepo ${String(olds.name)} deletes it with its ${versions.length} trained adapter ` +
      `version(s) (${tags}); that trained work is lost`
    );
  },
};

function outputs(props: Props, repo: Repo): Props {
  return defined({
    ...providerOnly(adapterRepoSpec, props),
    ...(camelize(repo) as Props),
    versionCount: repo.versions?.length ?? 0,
  });
}
