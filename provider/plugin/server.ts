import { createRequire } from "node:module";
import { ResourceInitFailure } from "../runtime/awaiting.js";
import type { Props } from "../runtime/validate.js";
import type { CheckFailure, PredibaseProvider } from "./predibase-provider.js";
import { packageSchema } from "./schema/index.js";
import { PLUGIN_VERSION } from "./version.js";

/**
 * The gRPC `pulumirpc.ResourceProvider` service over PredibaseProvider, with the generated
 * messages and gRPC library that @pulumi/pulumi ships (its `proto/` folder), so the plugin adds no
 * dependency. Written here rather than with @pulumi/pulumi's provider/server.js, which implements
 * neither CheckConfig nor a detailed diff, drops the configuration, and does not pass the engine's
 * timeout (`customTimeouts`) to create, update and delete.
 */
// biome-ignore lint/suspicious/noExplicitAny: the generated protobuf classes are untyped JavaScript here.
type Msg = any;
type Callback = (err: unknown, value?: unknown, trailer?: unknown) => void;
interface Call {
  request: Msg;
}

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc = fromPulumi("@grpc/grpc-js");
const provrpc = fromPulumi("./proto/provider_grpc_pb");
const proto = fromPulumi("./proto/provider_pb");
const pluginProto = fromPulumi("./proto/plugin_pb");
const statusProto = fromPulumi("./proto/status_pb");
const structProto = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const emptyProto = fromPulumi("google-protobuf/google/protobuf/empty_pb");
const anyProto = fromPulumi("google-protobuf/google/protobuf/any_pb");

function toJs(struct: Msg | undefined): Props {
  return struct ? (struct.toJavaScript() as Props) : {};
}

function toStruct(props: Props): Msg {
  return structProto.Struct.fromJavaScript(props);
}

function failures(list: CheckFailure[]): Msg[] {
  return list.map((f) => {
    const failure = new proto.CheckFailure();
    failure.setProperty(f.property);
    failure.setReason(f.reason);
    return failure;
  });
}

/** An error as the engine reads it; a partial create or update carries the object's id and outputs. */
function grpcError(err: unknown, inputs?: Props): { code: number; details: string; metadata?: Msg } {
  const message = err instanceof Error ? err.message : String(err);
  if (!(err instanceof ResourceInitFailure)) return { code: grpc.status.UNKNOWN, details: message };
  const detail = new proto.ErrorResourceInitFailed();
  detail.setId(err.id);
  detail.setProperties(toStruct(err.properties));
  detail.setReasonsList(err.reasons);
  if (inputs) detail.setInputs(toStruct(inputs));
  const any = new anyProto.Any();
  any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
  const status = new statusProto.Status();
  status.setCode(grpc.status.UNKNOWN);
  status.setMessage(message);
  status.addDetails(any);
  const metadata = new grpc.Metadata();
  // The engine reads structured details from this trailer (Go's status.FromError).
  metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}

/** Adapts an async handler to a gRPC unary callback. */
function unary(fn: (req: Msg) => Promise<Msg>, inputsOf?: (req: Msg) => Props) {
  return (call: Call, callback: Callback) => {
    fn(call.request).then(
      (resp) => callback(null, resp),
      (err) => {
        const e = grpcError(err, inputsOf?.(call.request));
        callback(e, null, e.metadata);
      },
    );
  };
}

/** The engine's `changes` field of a DiffResponse. */
function diffChanges(changed: boolean): number {
  return changed ? proto.DiffResponse.DiffChanges.DIFF_SOME : proto.DiffResponse.DiffChanges.DIFF_NONE;
}

/** The package schema, built from the kind descriptions at the first GetSchema (YAML and codegen ask). */
let schema: string | undefined;
function schemaText(): string {
  schema ??= JSON.stringify(packageSchema());
  return schema;
}

export function serviceImplementation(provider: PredibaseProvider, onAttach: (address: string) => void) {
  return {
    getPluginInfo: unary(async () => new pluginProto.PluginInfo().setVersion(PLUGIN_VERSION)),
    getSchema: unary(async (req) => {
      if (req.getVersion() !== 0) throw new Error(`unsupported schema version ${req.getVersion()}`);
      return new proto.GetSchemaResponse().setSchema(schemaText());
    }),
    attach: unary(async (req) => {
      onAttach(req.getAddress());
      return new emptyProto.Empty();
    }),
    cancel: unary(async () => {
      provider.cancel();
      return new emptyProto.Empty();
    }),

    checkConfig: unary(async (req) => {
      const result = provider.checkConfig(toJs(req.getNews()));
      return new proto.CheckResponse()
        .setInputs(toStruct(result.inputs))
        .setFailuresList(failures(result.failures));
    }),
    diffConfig: unary(async (req) => {
      // A changed token or URL is a new configuration, not a new provider: resources stay.
      const olds = toJs(req.getOlds());
      const news = toJs(req.getNews());
      return new proto.DiffResponse().setChanges(diffChanges(JSON.stringify(olds) !== JSON.stringify(news)));
    }),
    configure: unary(async (req) => {
      const args = req.hasArgs() ? toJs(req.getArgs()) : variablesOf(req);
      provider.configure(args);
      return new proto.ConfigureResponse()
        .setAcceptsecrets(true)
        .setAcceptresources(false)
        .setAcceptoutputs(false)
        .setSupportspreview(false);
    }),

    check: unary(async (req) => {
      const result = await provider.check(req.getUrn(), toJs(req.getOlds()), toJs(req.getNews()));
      return new proto.CheckResponse()
        .setInputs(toStruct(result.inputs))
        .setFailuresList(failures(result.failures));
    }),
    diff: unary(async (req) => {
      const result = await provider.diff(req.getUrn(), req.getId(), toJs(req.getOlds()), toJs(req.getNews()));
      const resp = new proto.DiffResponse()
        .setChanges(diffChanges(result.changes))
        .setReplacesList(result.replaces)
        .setDeletebeforereplace(result.deleteBeforeReplace)
        .setDiffsList(Object.keys(result.detailedDiff))
        .setHasdetaileddiff(true);
      const detailed = resp.getDetaileddiffMap();
      for (const [key, d] of Object.entries(result.detailedDiff)) {
        // DiffKind's names are the generated enum's (pulumirpc.PropertyDiff.Kind).
        const kind: number = proto.PropertyDiff.Kind[d.kind];
        detailed.set(key, new proto.PropertyDiff().setKind(kind).setInputdiff(d.inputDiff));
      }
      return resp;
    }),
    create: unary(
      async (req) => {
        const result = await provider.create(req.getUrn(), toJs(req.getProperties()), req.getTimeout());
        return new proto.CreateResponse().setId(result.id).setProperties(toStruct(result.outs));
      },
      (req) => toJs(req.getProperties()),
    ),
    read: unary(async (req) => {
      const result = await provider.read(
        req.getUrn(),
        req.getId(),
        toJs(req.getProperties()),
        toJs(req.getInputs()),
      );
      return new proto.ReadResponse()
        .setId(result.id)
        .setProperties(toStruct(result.props))
        .setInputs(toStruct(result.inputs));
    }),
    update: unary(
      async (req) => {
        const outs = await provider.update(
          req.getUrn(),
          req.getId(),
          toJs(req.getOlds()),
          toJs(req.getNews()),
          req.getTimeout(),
        );
        return new proto.UpdateResponse().setProperties(toStruct(outs));
      },
      (req) => toJs(req.getNews()),
    ),
    delete: unary(async (req) => {
      await provider.delete(req.getUrn(), req.getId(), toJs(req.getProperties()), req.getTimeout());
      return new emptyProto.Empty();
    }),
    invoke: unary(async (req) => {
      const result = await provider.invoke(req.getTok(), toJs(req.getArgs()));
      return new proto.InvokeResponse()
        .setReturn(toStruct(result.outputs))
        .setFailuresList(failures(result.failures));
    }),
  };
}

function variablesOf(req: Msg): Props {
  const out: Props = {};
  for (const [key, value] of req.getVariablesMap().entries() as Iterable<[string, string]>) {
    const match = key.match(/^predibase:(?:config:)?(\w+)$/);
    if (match?.[1]) out[match[1]] = value;
  }
  return out;
}

/** Serves the provider on a free loopback port and returns it (main prints it for the engine). */
export async function serve(
  provider: PredibaseProvider,
  onAttach: (address: string) => void,
): Promise<number> {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });
  server.addService(provrpc.ResourceProviderService, serviceImplementation(provider, onAttach));
  return new Promise((resolve, reject) => {
    server.bindAsync(
      "127.0.0.1:0",
      grpc.ServerCredentials.createInsecure(),
      (err: Error | null, port: number) => (err ? reject(err) : resolve(port)),
    );
  });
}
