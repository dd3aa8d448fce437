// pulumi-language-nodejs is this project's own Node.js language host for the Pulumi engine.
//
// Pulumi's language host module is not served by the Go module proxy this project can reach, so
// the engine we build (see scripts/ensure-engine.sh) carries this small replacement. It speaks the
// same LanguageRuntime gRPC protocol and hands the program to @pulumi/pulumi's own `cmd/run`
// script, which does all the Node.js-side work; the host only starts Node with the right flags and
// environment and reports how the program ended.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// version is set with -ldflags at build time to the Pulumi version the engine was built at.
var version = "3.0.0-dev"

func main() {
	// The engine passes its own gRPC address as the last positional argument; flags before it
	// (tracing, logging) are accepted and ignored.
	engineAddress := ""
	if len(os.Args) > 1 {
		engineAddress = os.Args[len(os.Args)-1]
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, newHost(engineAddress))
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start the gRPC server: %v\n", err)
		os.Exit(1)
	}

	// The engine reads the port from our first line of standard output.
	fmt.Printf("%d\n", handle.Port)

	// An engine that died without stopping us (killed, crashed) must not leave us running forever.
	engineGone, cancel := context.WithCancel(context.Background())
	defer cancel()
	if engineAddress != "" {
		if err := rpcutil.Healthcheck(engineGone, engineAddress, 5*time.Second, cancel); err != nil {
			fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: cannot watch the engine: %v\n", err)
		}
	}

	select {
	case err := <-handle.Done:
		if err != nil {
			fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
			os.Exit(1)
		}
	case <-engineGone.Done():
		os.Exit(0)
	}
}
