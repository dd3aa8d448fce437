import { createRequire } from "node:module";
import { callContext } from "./call-context.js";

/**
 * Warnings the engine shows as its own diagnostics: in `pulumi preview`/`up` output under the
 * resource, in CI logs, and as `diagnosticEvent`s with severity "warning" in the Automation API.
 *
 * A dynamic provider's console output only reaches the user as info lines of the plugin. But every
 * resource plugin is started with the engine's host address as its first argument
 * (`[]string{host.ServerAddr()}` in pulumi/pulumi sdk/go/common/resource/plugin/provider_plugin.go,
 * and `main(process.argv.slice(2))` in @pulumi/pulumi's cmd/dynamic-provider), and that address
 * serves the `pulumirpc.Engine` service whose `Log` turns a request into a diagnostic of the given
 * severity on the given URN (pkg/host/host_server.go). Native providers warn this way; so can we.
 *
 * Outside the dynamic-provider host (unit tests calling the handlers directly) there is no engine:
 * the warning goes to stderr instead, so it is never lost.
 */

interface EngineClient {
  log(request: unknown, callback: (err: Error | null) => void): void;
}

let client: EngineClient | null | undefined;
/** Warnings already sent in this process: diff runs more than once for one resource per run. */
const sent = new Set<string>();

let pluginEngineAddress: string | undefined;

/** A native plugin is told the engine's address on its command line (and again by Attach). */
export function setEngineAddress(addr: string): void {
  pluginEngineAddress = addr;
  client = undefined;
}

function engineAddress(): string | undefined {
  if (pluginEngineAddress) return pluginEngineAddress;
  // cmd/dynamic-provider/index.js is the script; the engine address follows it.
  const script = process.argv[1] ?? "";
  const addr = process.argv[2];
  if (!script.includes("dynamic-provider") || !addr || !/^[\w.[\]:-]+:\d+$/.test(addr)) return undefined;
  return addr;
}

function engine(): EngineClient | null {
  if (client !== undefined) return client;
  const addr = engineAddress();
  if (!addr) {
    client = null;
    return client;
  }
  // The Engine client and its gRPC library are @pulumi/pulumi's own (the host already loaded them).
  const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
  const grpc = fromPulumi("@grpc/grpc-js") as { credentials: { createInsecure(): unknown } };
  const rpc = fromPulumi("./proto/engine_grpc_pb") as {
    EngineClient: new (addr: string, creds: unknown) => EngineClient;
  };
  client = new rpc.EngineClient(addr, grpc.credentials.createInsecure());
  return client;
}

/**
 * Sends `message` to the engine as a warning attached to `urn` (a resource's URN, or "" for a
 * stack-wide one). Resolves once the engine has it; never throws (a warning must not fail a step).
 */
export async function warn(urn: string | undefined, message: string): Promise<void> {
  return log("WARNING", urn ?? callContext()?.urn, message);
}

/** Sends an info line to the engine (a plugin's progress lines), on the resource's URN. */
export async function info(urn: string | undefined, message: string): Promise<void> {
  return log("INFO", urn, message);
}

async function log(severity: "WARNING" | "INFO", urn: string | undefined, message: string): Promise<void> {
  const key = `${urn ?? ""}\n${message}`;
  if (severity === "WARNING") {
    if (sent.has(key)) return;
    sent.add(key);
  }
  const e = engine();
  if (!e) {
    console.error(`${severity.toLowerCase()}: ${message}`);
    return;
  }
  const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
  const proto = fromPulumi("./proto/engine_pb") as {
    LogRequest: new () => {
      setSeverity(s: number): void;
      setMessage(m: string): void;
      setUrn(u: string): void;
      setEphemeral(e: boolean): void;
    };
    LogSeverity: { WARNING: number; INFO: number };
  };
  const req = new proto.LogRequest();
  req.setSeverity(proto.LogSeverity[severity]);
  req.setMessage(message);
  req.setUrn(urn ?? "");
  req.setEphemeral(false);
  await new Promise<void>((resolve) => {
    e.log(req, (err) => {
      if (err) console.error(`${severity.toLowerCase()}: ${message}`);
      resolve();
    });
  });
}
