import type * as pulumi from "@pulumi/pulumi";

/**
 * The object Pulumi serializes into every resource's state as `__provider`.
 *
 * It captures nothing but the kind's name: each method loads the installed package at call time
 * and hands over to its runtime. So the state stays small, holds no secret, and old state keeps
 * working with newer releases: delete and refresh run this stored code, and it only needs
 * `dispatch(1, kind, method, args)` to keep its meaning. Do not add captures here.
 */
export function stableProvider(kind: string): pulumi.dynamic.ResourceProvider {
  const call = (method: string, args: unknown[]) =>
    require("pulumi-predibase/provider/runtime").dispatch(1, kind, method, args);
  return {
    configure: (req) => call("configure", [req]),
    check: (olds, news) => call("check", [olds, news]),
    diff: (id, olds, news) => call("diff", [id, olds, news]),
    create: (inputs) => call("create", [inputs]),
    read: (id, props) => call("read", [id, props]),
    update: (id, olds, news) => call("update", [id, olds, news]),
    delete: (id, props) => call("delete", [id, props]),
  };
}
