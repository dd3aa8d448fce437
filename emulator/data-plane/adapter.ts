import { findModel } from "../catalogue/models.js";
import { ApiError } from "../core/errors.js";
import { isTrained } from "../kinds/repos/record.js";
import type { DeploymentRecord } from "../state/records.js";
import type { TenantState } from "../state/tenant.js";

export interface ResolvedAdapter {
  id: string;
  source: string;
}

export const ADAPTER_SOURCES = ["pbase", "hub", "s3", "local"] as const;

/** LoRAX reports adapter load failures as generation errors (424). */
export const generationError = (message: string): ApiError =>
  new ApiError(424, "generation", `Request failed during generation: ${message}`);

/**
 * The adapter a request asks for, or null for the base model ("" or the base model's name).
 * `pbase` ids (`repo/N`, `repo` for its latest version, `repo/N@checkpoint`) resolve against this
 * tenant's repos; hub/s3/local ids cannot be checked here and are accepted as given.
 */
export function resolveAdapter(
  tenant: TenantState,
  deployment: DeploymentRecord,
  id: string | undefined,
  source: string | undefined,
): ResolvedAdapter | null {
  const model = findModel(deployment.base_model);
  if (id === undefined || id === "" || id === deployment.base_model || id === model?.hf_id) return null;
  // The LoRAX server rejects an unknown source when it loads the adapter (utils/sources/__init__.py).
  if (source !== undefined && !(ADAPTER_SOURCES as readonly string[]).includes(source)) {
    throw generationError(`Unknown source ${source}`);
  }
  if (source !== undefined && source !== "pbase") return { id, source };
  const [repoName, tag, ...rest] = (id.split("@")[0] ?? "").split("/");
  const repo = rest.length === 0 && repoName ? tenant.repos.get(repoName) : undefined;
  // A bare repo name means its latest trained version: a job reserves its version at create, so
  // the newest one may still be training.
  const version =
    tag === undefined
      ? repo?.versions.filter(isTrained).at(-1)
      : repo?.versions.find((v) => String(v.tag) === tag);
  if (!repo || !version) throw generationError(`Adapter ${id} not found`);
  // LoRAX's pbase source refuses a version that is not trained yet (utils/sources/__init__.py).
  if (!isTrained(version)) {
    throw generationError(`Adapter ${id} is not ready for use. Current status: ${version.status}`);
  }
  if (version.base_model !== deployment.base_model) {
    throw generationError(
      `Adapter ${id} was trained on ${version.base_model}, but deployment ${deployment.name} serves ${deployment.base_model}`,
    );
  }
  return { id: `${repo.name}/${version.tag}`, source: "pbase" };
}
