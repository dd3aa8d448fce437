import type { Dataset } from "../../../sdk/index.js";
import { createOrAdopt, differences } from "../adopt.js";
import { type KindSpec, outputsOf } from "../kind.js";
import { validateForCreate } from "../revalidate.js";
import { platform } from "../settings.js";
import { checkBoolean, checkName, checkOptionalString } from "../validate.js";

export const datasetSpec: KindSpec<Dataset> = {
  label: "Dataset",
  named: true,
  fields: [{ input: "source", wire: "source", onChange: "replace" }],
  providerInputs: ["adoptExisting"],
  outputs: { name: "name", uuid: "uuid", source: "source", status: "status", createdAt: "created_at" },
  get: (id) => platform().datasets.get(id),

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
    return { id: name, outs: outputsOf(datasetSpec, inputs, dataset) };
  },

  async update(id, _olds, news) {
    return { outs: outputsOf(datasetSpec, news, await platform().datasets.get(id)) };
  },

  async delete(id) {
    console.log(
      `Dataset ${id} removed from the stack only: the API has no delete for datasets, so it stays on Predibase.`,
    );
  },
};
