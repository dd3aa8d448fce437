/**
 * The `__provider` text stored in every resource's state, written by hand instead of serialized.
 *
 * The Node.js dynamic-provider host loads this text as a module and calls its `handler()`
 * (`requireFromString(props.__provider).handler()` in @pulumi/pulumi's cmd/dynamic-provider). Each
 * method loads the installed package at call time and hands over to its runtime through
 * `dispatch(1, kind, method, args)`, the protocol every release keeps (see ./runtime/index.ts).
 * So the state holds no code that ages, no secret, and old state keeps working with newer releases:
 * delete and refresh run the stored text, which only needs `dispatch(1, …)` to keep its meaning.
 *
 * Why by hand: `pulumi.dynamic.Resource` serializes a closure (about 1.5 KB each, and the host stores
 * it twice, in the inputs and in the outputs), and serializing closures costs time on every resource
 * registration. This text is the same protocol in a few hundred bytes, built with no serialization.
 * Text written by earlier releases (a serialized closure calling `dispatch(1, kind, …)`) keeps working.
 */
export function providerSource(kind: string): string {
  if (!/^[A-Za-z]+$/.test(kind)) throw new Error(`invalid resource kind ${JSON.stringify(kind)}`);
  return (
    `exports.handler=()=>{const c=(m,a)=>require("pulumi-predibase/provider/runtime").dispatch(1,"${kind}",m,a);` +
    `return{configure:r=>c("configure",[r]),check:(o,n)=>c("check",[o,n]),diff:(i,o,n)=>c("diff",[i,o,n]),` +
    `create:p=>c("create",[p]),read:(i,p)=>c("read",[i,p]),update:(i,o,n)=>c("update",[i,o,n]),` +
    `delete:(i,p)=>c("delete",[i,p])}};`
  );
}
