// Command gen-sdks generates the predibase SDKs from schema.json with the Pulumi engine's own code
// generators (pkg/v3/codegen/{nodejs,python,go}, at the engine's version).
//
// `pulumi package gen-sdk` runs the same generators, but through each language's host plugin
// (GeneratePackage): this project's pulumi-language-nodejs (tools/pulumi) does not implement it,
// and the Go module proxy refuses the official pulumi-language-{nodejs,python,go} modules, so this
// calls the generators the way those hosts do, with the same tool names in the file headers.
//
// Usage: gen-sdks <schema.json> <out dir> <language>...
// Each language's SDK replaces <out dir>/<language>. The schema is validated against Pulumi's
// metaschema first (schema.BindSpec, as `pulumi package gen-sdk` does).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	"github.com/hashicorp/hcl/v2"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// noPackages is the loader: the predibase schema refers to no other package.
type noPackages struct{}

func (noPackages) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %q; only the predibase package's own types can be used", pkg)
}

func (l noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, d.Version)
}

func (l noPackages) LoadPackageReference(pkg string, v *semver.Version) (schema.PackageReference, error) {
	_, err := l.LoadPackage(pkg, v)
	return nil, err
}

func (l noPackages) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, d.Version)
}

func generate(language string, pkg *schema.Package) (map[string][]byte, error) {
	switch language {
	case "nodejs":
		return nodejs.GeneratePackage("pulumi-language-nodejs", pkg, nil, nil, false, noPackages{})
	case "python":
		return python.GeneratePackage("pulumi-language-python", pkg, nil, noPackages{})
	case "go":
		return gogen.GeneratePackage("pulumi-language-go", pkg, nil)
	}
	return nil, fmt.Errorf("unknown language %q: use nodejs, python or go", language)
}

func readSpec(path string) (schema.PackageSpec, error) {
	var spec schema.PackageSpec
	raw, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(raw, &spec)
	}
	return spec, err
}

// write replaces dir with files, in a fixed order, with fixed modes: the output depends on the
// schema alone.
func write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// describe lists every diagnostic (hcl's own Error() shows only the first).
func describe(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "  %s", d.Summary)
		if d.Detail != "" {
			fmt.Fprintf(&b, ": %s", d.Detail)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func run(schemaPath, out string, languages []string) error {
	spec, err := readSpec(schemaPath)
	if err != nil {
		return fmt.Errorf("read %s: %w", schemaPath, err)
	}
	if _, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{}); err != nil {
		return err
	} else if diags.HasErrors() {
		return fmt.Errorf("%s is not a valid Pulumi package schema:\n%s", schemaPath, describe(diags))
	}
	for _, language := range languages {
		// A fresh package each time: the generators record their language options on it.
		spec, err := readSpec(schemaPath)
		if err != nil {
			return err
		}
		pkg, err := schema.ImportSpec(spec, nil, noPackages{}, schema.ValidationOptions{})
		if err != nil {
			return err
		}
		files, err := generate(language, pkg)
		if err != nil {
			return fmt.Errorf("generate the %s SDK: %w", language, err)
		}
		if err := write(filepath.Join(out, language), files); err != nil {
			return err
		}
		fmt.Printf("gen-sdks: %s: %d files\n", language, len(files))
	}
	return nil
}

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: gen-sdks <schema.json> <out dir> <language>...")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2], os.Args[3:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen-sdks:", err)
		os.Exit(1)
	}
}
