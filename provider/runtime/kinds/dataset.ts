import type { Dataset } from "../../../sdk/index.js";
import { createOrAdopt, differences } from "../adopt.js";
import { type KindSpec, outputsOf } from "../kind.js";
import { validateForCreate } from "../revalidate.js";
import { platform } from "../settings.js";
import { checkBoolean, checkName, checkOptionalString } from "../validate.js";

export const datasetSpec: KindSpec<Dataset> = {
  label: "Dataset",
  named: true,
  // A local `file` is uploaded; its content hash (computed in the program) is what replaces: a
  // new content is a new dataset, while the path itself (absolute, so machine-specific) is ignored.
  fields: [
    { input: "source", wire: "source", onChange: "replace" },
    { input: "fileHash", wire: null, onChange: "replace" },
  ],
  providerInputs: ["adoptExisting"],
  outputs: { name: "name", uuid: "uuid", source: "source", status: "status", createdAt: "created_at" },
  get: async (id) => (await platform()).datasets.get(id),

  async validate(p, f) {
    checkName(f, p);
    checkOptionalString(f, p, "source");
    checkOptionalString(f, p, "file");
    checkBoolean(f, p, "adoptExisting");
    if (p.source !== undefined && p.file !== undefined) {
      f.add("file", "give either `file` (a local file to upload) or `source` (where the data is), not both");
    }
  },

  async create(inputs) {
    await validateForCreate(datasetSpec, inputs);
    const name = String(inputs.name);
    const source = inputs.source as string | undefined;
    const file = inputs.file as string | undefined;
    const dataset = await createOrAdopt({
      label: "Dataset",
      name,
      adopt: inputs.adoptExisting === true,
      // Destroy only forgets a dataset, so bringing a stack back meets its own old dataset. An
      // uploaded one cannot be compared with the file, so it is taken back only with adoptExisting.
      reclaimSame: file === undefined,
      create: async () =>
        file === undefined
          ? (await platform()).datasets.create({ name, source })
          : (await platform()).datasets.upload({ name, file }),
      get: async () => (await platform()).datasets.get(name),
      mismatches: (d) => differences([["source", source, d.source ?? undefined]]),
    });
    return { id: name, outs: outputsOf(datasetSpec, inputs, dataset) };
  },

  async update(id, _olds, news) {
    return { outs: outputsOf(datasetSpec, news, await (await platform()).datasets.get(id)) };
  },

  async delete(id) {
    console.log(
      `Dataset ${id} removed from the stack only: the API has no delete for datasets, so it stays on Predibase.`,
    );
  },
};
