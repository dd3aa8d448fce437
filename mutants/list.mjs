// The guards the mutation check breaks (mutants/run.mjs), each with the tests that must notice.
// `find` is an exact fragment of `file` (it must occur exactly once), `replace` its broken form.
// When a refactor moves a guard, the run fails with "fragment not found": update the entry.
// Test files under test/e2e, test/promises, test/examples… run through the engine (dist/ is built
// with the mutant); the others load the TypeScript sources directly and are fast.

/** @type {{ name: string; file: string; find: string; replace: string; tests: string[] }[]} */
export const MUTANTS = [
  // ---- sdk ------------------------------------------------------------------------------------
  {
    name: "sdk: a job this client already created is never adopted",
    file: "sdk/core/idempotency.ts",
    find: "!args.known.has(job.id) && args.matches(job)",
    replace: "args.matches(job)",
    tests: ["test/sdk/idempotency.test.ts"],
  },
  {
    name: "sdk: only a job that matches the request is adopted",
    file: "sdk/core/idempotency.ts",
    find: "!args.known.has(job.id) && args.matches(job) && createdAt(job) >= since",
    replace: "!args.known.has(job.id) && createdAt(job) >= since",
    tests: ["test/sdk/idempotency.test.ts"],
  },
  {
    name: "sdk: a 409 becomes the client's own object only when it matches",
    file: "sdk/core/idempotency.ts",
    find: "    if (!args.matches(existing)) throw err;\n",
    replace: "",
    tests: ["test/sdk/idempotency.test.ts"],
  },
  {
    name: "sdk: a sleep ends when the caller aborts",
    file: "sdk/core/abort.ts",
    find: '    signal?.addEventListener("abort", onAbort, { once: true });',
    replace: "    void onAbort;",
    tests: ["test/sdk/transport.test.ts", "test/sdk/wait.test.ts"],
  },
  {
    name: "sdk: an unparsable apiUrl is refused at construction",
    file: "sdk/config.ts",
    find: "    parsed = new URL(value);\n  } catch {\n",
    replace: "    parsed = new URL(value);\n  } catch {\n    return value;\n",
    tests: ["test/sdk/token-leak.test.ts"],
  },
  {
    name: "sdk: the API token is redacted from error bodies",
    file: "sdk/core/api-client.ts",
    find: 'if (secret && out.includes(secret)) out = out.split(secret).join("[redacted]");',
    replace: "void secret;",
    tests: ["test/sdk/token-leak.test.ts"],
  },
  {
    name: "sdk: waitUntilDeleted waits until the deployment is gone",
    file: "sdk/resources/deployments.ts",
    find: 'done: d === null || d.status.toLowerCase() === "deleted",',
    replace: "done: true,",
    tests: ["test/sdk/emulator-waiters.test.ts"],
  },
  {
    name: "sdk: a 409 is never retried",
    file: "sdk/core/retry.ts",
    find: "return error.status === 408 || error.status === 429 || error.status >= 500;",
    replace:
      "return error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;",
    tests: ["test/sdk/retry-policy.test.ts", "test/sdk/idempotency.test.ts"],
  },
  {
    name: "sdk: x-ratelimit-reset is honoured when Retry-After is absent",
    file: "sdk/core/retry.ts",
    find: 'if (!raw) return rateLimitResetMs(headerValue(headers["x-ratelimit-reset"]), now);',
    replace: "if (!raw) return undefined;",
    tests: ["test/sdk/retry-policy.test.ts"],
  },
  {
    name: "sdk: polls never lag more than a tenth of the time waited",
    file: "sdk/wait.ts",
    find: "delay = Math.min(delay * factor, max, lagBound);",
    replace: "delay = Math.min(delay * factor, max);",
    tests: ["test/sdk/wait.test.ts"],
  },
  {
    name: "sdk: standby counts as ready only for min_replicas 0",
    file: "sdk/status.ts",
    find: 'return norm(d.status) === "standby" && (d.min_replicas ?? 0) === 0;',
    replace: 'return norm(d.status) === "standby";',
    tests: ["test/sdk/status.test.ts"],
  },

  // ---- provider -------------------------------------------------------------------------------
  {
    name: "provider: an input invalid at create fails before any write",
    file: "provider/runtime/revalidate.ts",
    find: "  if (!f.empty) {",
    replace: "  if (false) {",
    tests: ["test/provider/handlers.test.ts"],
  },
  {
    name: "provider: a changed provider-only input updates in place",
    file: "provider/runtime/kind.ts",
    find: "const providerChanged = spec.providerInputs.some((k) => !same(olds[k], news[k]));",
    replace: "const providerChanged = false;",
    tests: ["test/provider/handlers.test.ts"],
  },
  {
    name: "provider: an auto-named replacement is created before the old one goes",
    file: "provider/runtime/kind.ts",
    find: "spec.named && replaces.length > 0 && same(replacementName(spec, news), olds.name);",
    replace: "spec.named && replaces.length > 0;",
    tests: ["test/provider/handlers.test.ts", "test/promises/replacement-order.test.ts"],
  },
  {
    name: "provider: a failed object is replaced",
    file: "provider/runtime/kind.ts",
    find: '        replaces.push("status");\n',
    replace: "",
    tests: ["test/provider/handlers.test.ts"],
  },
  {
    name: "provider: minReplicas > 0 warns that it bills while idle",
    file: "provider/runtime/kinds/deployment.ts",
    find: 'if (typeof min === "number" && min > 0) {',
    replace: "if (false) {",
    tests: ["test/promises/deployment.test.ts"],
  },
  {
    name: "provider: waitForReady: false does not wait",
    file: "provider/runtime/kinds/deployment.ts",
    find: "      props.waitForReady === false ||\n",
    replace: "",
    tests: ["test/promises/deployment.test.ts"],
  },
  {
    name: "provider: progress lines only on a change of state (or once a minute)",
    file: "provider/runtime/progress.ts",
    find: "if (description === this.#lastLine && now - this.#lastAt < this.quietMs) return;",
    replace: "",
    tests: ["test/promises/deployment.test.ts"],
  },
  {
    name: "provider: deleting a running FineTuningJob cancels it",
    file: "provider/runtime/kinds/finetuning-job.ts",
    find: "      await (await platform()).finetuning.jobs.cancel(id);\n",
    replace: "",
    tests: ["test/promises/finetuning.test.ts"],
  },
  {
    name: "provider: preview warns that a replaced completed job trains again",
    file: "provider/runtime/kinds/finetuning-job.ts",
    find: "    if (!jobStatus.succeeded(olds.status)) return undefined;\n    return (",
    replace: "    return undefined;\n    return (",
    tests: ["test/promises/finetuning.test.ts"],
  },
  {
    name: "provider: preview warns that a replaced repo loses its trained versions",
    file: "provider/runtime/kinds/adapter-repo.ts",
    find: "    if (versions.length === 0) return undefined;",
    replace: "    return undefined;",
    tests: ["test/promises/finetuning.test.ts"],
  },
  {
    name: "provider: adoptExisting refuses an object with different settings",
    file: "provider/runtime/adopt.ts",
    find: "    if (differences.length > 0) {",
    replace: "    if (false) {",
    tests: ["test/promises/settings-adoption.test.ts"],
  },
  {
    name: "provider: stack config wins over environment variables",
    file: "provider/runtime/settings.ts",
    find: "out[key] = config(key) || process.env[envVar] || undefined;",
    replace: "out[key] = process.env[envVar] || config(key) || undefined;",
    tests: ["test/promises/settings-adoption.test.ts"],
  },

  {
    // The engine checks again during `up` with the values then known, so this catalogue check (not
    // validateForCreate, which only direct calls reach: handlers.test.ts) is what stops the job.
    name: "provider: an unknown base model is refused before the job is created, even when known late",
    file: "provider/runtime/catalogue.ts",
    find: "  if (!model) {\n    const names",
    replace: "  if (false) {\n    const names",
    tests: ["test/promises/checked-at-create.test.ts"],
  },
  {
    name: "provider: inputs checked before are not checked against the model list again",
    file: "provider/runtime/catalogue.ts",
    find: "  return Object.keys(olds).length > 0 && keys.every((k) => same(olds[k], news[k]));",
    replace: "  return false;",
    tests: ["test/e2e/unchanged-inputs.test.ts"],
  },
  {
    name: "provider: a resource's source position is the program's line, not the resource class's",
    file: "provider/resources/common.ts",
    find: "    const restoreFrames = withoutOwnFrame();",
    replace: "    const restoreFrames = () => {};",
    tests: ["test/provider/registration-stacks.test.ts"],
  },
  {
    name: "provider: getModelsOutput() resolves to the platform's models",
    file: "provider/functions.ts",
    find: "return pulumi.output(getModels());",
    replace: "return pulumi.output(getModels().then((ms) => ms.slice(1)));",
    tests: ["test/promises/settings-adoption.test.ts"],
  },

  // ---- emulator -------------------------------------------------------------------------------
  {
    name: "emulator: an unknown token is a 401",
    file: "emulator/http/auth.ts",
    find: "  if (tenant === undefined) throw unauthenticated();\n  return tenant;",
    replace: '  return tenant ?? [...tokens.values()][0] ?? "";',
    tests: ["test/emulator/auth.test.ts"],
  },
  {
    name: "emulator: a deployment name is unique (409)",
    file: "emulator/kinds/deployments/create.ts",
    find: "  const existing = call.tenant.deployments.get(input.name);\n  if (existing) {",
    replace: "  const existing = call.tenant.deployments.get(input.name);\n  if (existing && false) {",
    tests: ["test/contract/s2-deployments.test.ts"],
  },
  {
    name: "emulator: a repo name is unique (409)",
    file: "emulator/kinds/repos/routes.ts",
    find: "    if (existsOk) return existing;\n",
    replace: "    return existing;\n",
    tests: ["test/contract/s3-repos.test.ts"],
  },
  {
    name: "emulator: only a queued or training job can be canceled",
    file: "emulator/kinds/finetuning-jobs/routes.ts",
    find: "  if (TERMINAL_JOB_STATUSES.includes(status)) {",
    replace: "  if (false) {",
    tests: ["test/emulator/lifecycle-jobs.test.ts", "test/contract/s4-finetuning.test.ts"],
  },
  {
    name: "emulator: a fine-tuning job reserves its version tag at create",
    file: "emulator/kinds/finetuning-jobs/routes.ts",
    find: "    created.reserved_tag = tag;",
    replace: "",
    tests: ["test/contract/s4-finetuning.test.ts"],
  },
  {
    name: "emulator: a deleted deployment shows deleting before it is gone",
    file: "emulator/lifecycle/durations.ts",
    find: "  deployment_deleting: 20,",
    replace: "  deployment_deleting: 0,",
    tests: ["test/contract/s2-deployments.test.ts", "test/sdk/emulator-waiters.test.ts"],
  },
  {
    name: "emulator: a 429 carries x-ratelimit-reset",
    file: "emulator/fault-responses.ts",
    find: '    headers["x-ratelimit-reset"] = String(retryAfter ?? 1);',
    replace: "",
    tests: ["test/contract/s1-transport.test.ts"],
  },
  // ---- native plugin ---------------------------------------------------------------------------
  {
    name: "plugin: the engine's timeout (customTimeouts) bounds the step's wait",
    file: "provider/plugin/predibase-provider.ts",
    find: "    if (timeout > 0) context.timeoutMs = timeout * 1000;",
    replace: "",
    tests: ["test/plugin/grpc-surface.test.ts"],
  },
  {
    name: "plugin: Cancel ends the waits in flight",
    file: "provider/plugin/predibase-provider.ts",
    find: "    this.#cancel.abort();",
    replace: "",
    tests: ["test/plugin/grpc-surface.test.ts"],
  },
  {
    name: "plugin: an input the kind does not have fails Check",
    file: "provider/plugin/predibase-provider.ts",
    find: "      if (allowed.includes(key) || PROVIDER_ADDED_INPUTS.includes(key)) continue;",
    replace: "      continue;",
    tests: ["test/plugin/grpc-surface.test.ts"],
  },
  {
    name: "plugin: the auto-name's seed is derived from the URN, never stored",
    file: "provider/plugin/predibase-provider.ts",
    find: "  const { autoNameSeed: _seed, selfUrn: _urn, ...stored } = props;",
    replace: "  const { selfUrn: _urn, ...stored } = props;",
    tests: ["test/plugin/grpc-surface.test.ts"],
  },
  {
    name: "plugin: an older plugin than the SDK's schema fails",
    file: "provider/plugin/version.ts",
    find: "  const older = minor < sdkMinor || (minor === sdkMinor && patch < sdkPatch);",
    replace: "  const older = false;",
    tests: ["test/plugin/versions.test.ts"],
  },
  {
    name: "plugin and dynamic host: the SDK client loads with the first client, not at start",
    file: "provider/runtime/settings.ts",
    find: 'import type { Predibase } from "../../sdk/index.js";',
    replace: 'import { Predibase } from "../../sdk/index.js";\nvoid Predibase;',
    tests: ["test/plugin/lazy-modules.test.ts"],
  },
];
