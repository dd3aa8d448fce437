//go:build tools

// Package tools pins Pulumi YAML's language host so `go mod tidy` keeps its dependency graph in
// go.sum; scripts/ensure-engine.sh builds it from here. It is a module of its own because
// pulumi-yaml v1.25.0 is written against pkg/v3 v3.206.0 and does not compile against the
// v3.276.0 that tools/pulumi pins (docs/engine.md).
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
