#!/usr/bin/env node
// pulumi-resource-noopbench: the floor of figure 9. A native provider plugin that does nothing but
// answer the engine: the same process model as pulumi-resource-predibase (Node, the gRPC library
// and generated messages that @pulumi/pulumi ships, resolved the way provider/plugin/server.ts
// resolves them), so plugin / no-op prices the Predibase provider's own work per resource.
// Check returns the inputs as given, Diff reports a change only when the inputs differ, Create
// takes its id from a counter and returns the inputs as outputs. The engine starts it with its
// address as argument and reads the port from the first line of stdout.
import { createRequire } from "node:module";

const fromPulumi = createRequire(createRequire(import.meta.url).resolve("@pulumi/pulumi/package.json"));
const grpc = fromPulumi("@grpc/grpc-js");
const provrpc = fromPulumi("./proto/provider_grpc_pb");
const proto = fromPulumi("./proto/provider_pb");
const pluginProto = fromPulumi("./proto/plugin_pb");
const emptyProto = fromPulumi("google-protobuf/google/protobuf/empty_pb");
const structProto = fromPulumi("google-protobuf/google/protobuf/struct_pb");

const js = (struct) => (struct ? struct.toJavaScript() : {});
const unary = (fn) => (call, callback) => {
  try {
    callback(null, fn(call.request));
  } catch (err) {
    callback({ code: grpc.status.UNKNOWN, details: err instanceof Error ? err.message : String(err) });
  }
};
/**
 * The same-state floor (`noopbench:index:SizedThing`): a Deployment's stored inputs and outputs, as
 * the plugin wrote them in the warm-up (NOOPBENCH_SAMPLE, JSON `{ inputs, outputs }`), added to
 * what it is given, so its checkpoint holds as many bytes per resource as the plugin's.
 */
const sample = process.env.NOOPBENCH_SAMPLE ? JSON.parse(process.env.NOOPBENCH_SAMPLE) : undefined;
const sized = (req) => Boolean(sample) && req.getUrn().includes("noopbench:index:SizedThing");
const plus = (struct, extra) => structProto.Struct.fromJavaScript({ ...extra, ...js(struct) });
const checked = (news) => new proto.CheckResponse().setInputs(news);
const { DIFF_NONE, DIFF_SOME } = proto.DiffResponse.DiffChanges;
let created = 0;

const service = {
  getPluginInfo: unary(() => new pluginProto.PluginInfo().setVersion("0.0.1")),
  attach: unary(() => new emptyProto.Empty()),
  cancel: unary(() => new emptyProto.Empty()),
  checkConfig: unary((req) => checked(req.getNews())),
  diffConfig: unary(() => new proto.DiffResponse().setChanges(DIFF_NONE)),
  configure: unary(() =>
    new proto.ConfigureResponse()
      .setAcceptsecrets(true)
      .setAcceptresources(false)
      .setAcceptoutputs(false)
      .setSupportspreview(false),
  ),
  check: unary((req) => checked(sized(req) ? plus(req.getNews(), sample.inputs) : req.getNews())),
  diff: unary((req) => {
    const olds = req.hasOldInputs() ? req.getOldInputs() : req.getOlds();
    const same = JSON.stringify(js(olds)) === JSON.stringify(js(req.getNews()));
    return new proto.DiffResponse().setChanges(same ? DIFF_NONE : DIFF_SOME);
  }),
  create: unary((req) =>
    new proto.CreateResponse()
      .setId(`noop-${++created}`)
      .setProperties(sized(req) ? plus(req.getProperties(), sample.outputs) : req.getProperties()),
  ),
  read: unary((req) =>
    new proto.ReadResponse()
      .setId(req.getId())
      .setProperties(req.getProperties())
      .setInputs(req.getInputs() ?? new structProto.Struct()),
  ),
  update: unary((req) => new proto.UpdateResponse().setProperties(req.getNews())),
  delete: unary(() => new emptyProto.Empty()),
};

const server = new grpc.Server({
  "grpc.max_receive_message_length": 400 * 1024 * 1024,
  "grpc.max_send_message_length": 400 * 1024 * 1024,
});
server.addService(provrpc.ResourceProviderService, service);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) {
    console.error(`pulumi-resource-noopbench: ${err.message}`);
    process.exit(1);
  }
  process.stdout.write(`${port}\n`);
});
