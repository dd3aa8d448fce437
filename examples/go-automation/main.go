// Command go-automation runs the Predibase quickstart as a Go program: the resources come from the
// Go SDK generated from schema.json, and the program runs in this process through the Automation
// API's inline programs, which need the `pulumi` CLI and the pulumi-resource-predibase plugin on
// PATH but no pulumi-language-go (the Go module proxy does not serve it).
//
//	go run . [-stack dev] [-base-model qwen3-8b] [-accelerator a10_24gb_100] up|preview|destroy
//
// The state goes where `pulumi login` or PULUMI_BACKEND_URL says. The PREDIBASE_* variables that
// are set (PREDIBASE_API_TOKEN as a secret) become the stack's `predibase:*` config, so the default
// provider records them in the state (the token encrypted) and a later refresh or destroy, with no
// PREDIBASE_* in its environment, reaches the same tenant. Progress goes to stderr; stdout gets
// one JSON object: the resource changes and, after `up`, the stack outputs.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
)

const project = "predibase-go-quickstart"

// settings maps the environment the plugin also reads to the provider's config keys.
var settings = []struct {
	env, key string
	secret   bool
}{
	{"PREDIBASE_API_TOKEN", "predibase:apiToken", true},
	{"PREDIBASE_API_URL", "predibase:apiUrl", false},
	{"PREDIBASE_SERVING_URL", "predibase:servingUrl", false},
	{"PREDIBASE_TENANT_ID", "predibase:tenantId", false},
	{"PREDIBASE_WIRE_FORMAT", "predibase:wireFormat", false},
}

type result struct {
	Changes map[string]int `json:"changes"`
	Outputs map[string]any `json:"outputs,omitempty"`
}

func main() {
	stackName := flag.String("stack", "dev", "the stack to run")
	baseModel := flag.String("base-model", "qwen3-8b", "the base model to fine-tune and serve")
	accelerator := flag.String("accelerator", "a10_24gb_100", "the deployment's accelerator")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go-automation [flags] up|preview|destroy")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	res, err := run(context.Background(), flag.Arg(0), *stackName, *baseModel, *accelerator)
	if err != nil {
		fmt.Fprintf(os.Stderr, "go-automation %s: %v\n", flag.Arg(0), err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(ctx context.Context, command, stackName, baseModel, accelerator string) (*result, error) {
	stack, err := auto.UpsertStackInlineSource(ctx, stackName, project, quickstart(baseModel, accelerator))
	if err != nil {
		return nil, err
	}
	for _, s := range settings {
		if value, ok := os.LookupEnv(s.env); ok && value != "" {
			if err := stack.SetConfig(ctx, s.key, auto.ConfigValue{Value: value, Secret: s.secret}); err != nil {
				return nil, fmt.Errorf("setting %s: %w", s.key, err)
			}
		}
	}
	switch command {
	case "up":
		up, err := stack.Up(ctx, optup.ProgressStreams(os.Stderr))
		if err != nil {
			return nil, err
		}
		outputs := map[string]any{}
		for name, o := range up.Outputs {
			outputs[name] = o.Value
		}
		return &result{Changes: changes(up.Summary.ResourceChanges), Outputs: outputs}, nil
	case "preview":
		preview, err := stack.Preview(ctx, optpreview.ProgressStreams(os.Stderr))
		if err != nil {
			return nil, err
		}
		counts := map[string]int{}
		for op, n := range preview.ChangeSummary {
			counts[string(op)] = n
		}
		return &result{Changes: counts}, nil
	case "destroy":
		destroy, err := stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stderr))
		if err != nil {
			return nil, err
		}
		return &result{Changes: changes(destroy.Summary.ResourceChanges)}, nil
	}
	return nil, fmt.Errorf("unknown command %q: use up, preview or destroy", command)
}

func changes(summary *map[string]int) map[string]int {
	if summary == nil {
		return map[string]int{}
	}
	return *summary
}
