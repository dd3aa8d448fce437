package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// exitLoggedByProgram is the exit code @pulumi/pulumi's run script uses after it has already shown
// the user an actionable message; the engine must then stop without adding a generic one.
const exitLoggedByProgram = 32

func runProgram(ctx context.Context, engineAddress string, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	programDir := req.GetInfo().GetProgramDirectory()
	if programDir == "" {
		programDir = req.GetPwd()
	}
	runScript, err := findRunScript(programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	options := req.GetInfo().GetOptions().AsMap()
	args := nodeArgs(options)
	args = append(args, runScript)
	args = append(args, runFlags(engineAddress, req)...)
	args = append(args, entryPoint(req))
	args = append(args, req.GetArgs()...)

	env, err := runEnv(req, options)
	if err != nil {
		return nil, err
	}

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitLoggedByProgram {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start node: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// findRunScript looks for @pulumi/pulumi's run script the way Node would resolve the package:
// in node_modules of the program directory or of any directory above it.
func findRunScript(programDir string) (string, error) {
	dir, err := filepath.Abs(programDir)
	if err != nil {
		return "", err
	}
	for {
		candidate := filepath.Join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "run")
		if _, err := os.Stat(filepath.Join(candidate, "index.js")); err == nil {
			return candidate, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("could not find @pulumi/pulumi in node_modules above %s: run `npm install` first", programDir)
		}
		dir = parent
	}
}

// nodeArgs carries the `nodeargs` runtime option of Pulumi.yaml to Node.
func nodeArgs(options map[string]any) []string {
	if extra, ok := options["nodeargs"].(string); ok && strings.TrimSpace(extra) != "" {
		return strings.Fields(extra)
	}
	return nil
}

func runFlags(engineAddress string, req *pulumirpc.RunRequest) []string {
	var flags []string
	add := func(name, value string) {
		if value != "" {
			flags = append(flags, "--"+name+"="+value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	add("root-directory", req.GetInfo().GetRootDirectory())
	if req.GetParallel() > 0 {
		add("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	if req.GetDryRun() {
		flags = append(flags, "--dry-run")
	}
	return flags
}

func entryPoint(req *pulumirpc.RunRequest) string {
	info := req.GetInfo()
	if info.GetProgramDirectory() != "" {
		return filepath.Join(info.GetProgramDirectory(), info.GetEntryPoint())
	}
	if req.GetProgram() != "" {
		return req.GetProgram()
	}
	return "."
}

// runEnv passes configuration the way @pulumi/pulumi reads it: PULUMI_CONFIG holds every value
// (secrets included, decrypted by the engine) and PULUMI_CONFIG_SECRET_KEYS names the secret ones
// so the SDK keeps them wrapped as secrets.
func runEnv(req *pulumirpc.RunRequest, options map[string]any) ([]string, error) {
	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	typescript := true
	if value, ok := options["typescript"].(bool); ok {
		typescript = value
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
		"PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(typescript),
	)
	if tsconfig, ok := options["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	return env, nil
}
