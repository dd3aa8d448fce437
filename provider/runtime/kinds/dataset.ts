import type { Dataset } from "../../../sdk/index.js";
import { createOrAdopt, differences } from "../adopt.js";
import { unlessGone } from "../gone.js";
import { type KindSpec, providerOnly } from "../kind.js";
import { camelize, defined } from "../outputs.js";
import { validateForCreate } from "../revalidate.js";
import { platform } from "../settings.js";
import { checkBoolean, checkName, checkOptionalString, type Props } from "../validate.js";

export const datasetSpec: KindSpec = {
  label: "Dataset",
  platformInputs: ["source"],
  providerInputs: ["adoptExisting"],
  named: true,

  async validate(p, f) {
    checkName(f, p);
    checkOptionalString(f, p, "source");
    checkBoolean(f, p, "adoptExisting");
  },

  async create(inputs) {
    await validateForCreate(datasetSpec, inputs);
    const name = String(inputs.name);
    const source = inputs.source as string | undefined;
    const dataset = await createOrAdopt({
      label: "Dataset",
      name,
      adopt: inputs.adoptExisting === true,
      // Destroy only forgets a dataset, so bringing a stack back meets its own old dataset.
      reclaimSame: true,
      create: () => platform().datasets.create({ name, source }),
      get: () => platform().datasets.get(name),
      mismatches: (d) => differences([["source", source, d.source ?? undefined]]),
    });
    return { id: name, outs: outputs(inputs, dataset) };
  },

  async read(id, props) {
    const dataset = await unlessGone(() => platform().datasets.get(id));
    if (!dataset) return {};
    const inputs = defined({
      ...providerOnly(datasetSpec, props),
      name: dataset.name,
      source: props.source === undefined ? undefined : (dataset.source ?? undefined),
    });
    return { id, props: outputs(props, dataset), inputs };
  },

  async update(id, _olds, news) {
    return { outs: outputs(news, await platform().datasets.get(id)) };
  },

  async delete(id) {
    console.log(
      `Dataset ${id} removed from the stack only: the API has no delete for datasets, so it stays on Predibase.`,
    );
  },
};

function outputs(props: Props, dataset: Dataset): Props {
  return defined({ ...providerOnly(datasetSpec, props), ...(camelize(dataset) as Props) });
}
