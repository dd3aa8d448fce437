package main

import (
	"github.com/pulumi-predibase/predibase/generated/sdks/go/predibase"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// quickstart declares what examples/yaml-quickstart declares: an adapter repo, a dataset, a
// fine-tuning job that trains a Turbo LoRA adapter into the repo, and a deployment of the same
// base model that serves it.
func quickstart(baseModel, accelerator string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		repo, err := predibase.NewAdapterRepo(ctx, "support-adapters", &predibase.AdapterRepoArgs{
			Description: pulumi.String("Adapters for the support assistant"),
		})
		if err != nil {
			return err
		}
		// The API cannot delete datasets, so one outlives a destroy: adopting it by name and source
		// lets the stack come back after a destroy instead of failing on "already exists".
		tickets, err := predibase.NewDataset(ctx, "support-tickets", &predibase.DatasetArgs{
			Source:        pulumi.String("s3://predibase-examples/support-tickets.jsonl"),
			AdoptExisting: pulumi.Bool(true),
		})
		if err != nil {
			return err
		}
		job, err := predibase.NewFineTuningJob(ctx, "support-sft", &predibase.FineTuningJobArgs{
			BaseModel:   pulumi.String(baseModel),
			Dataset:     tickets.Name,
			Repo:        repo.Name,
			AdapterType: predibase.AdapterTypeTurboLora,
			Task:        predibase.FineTuningTaskSft,
		})
		if err != nil {
			return err
		}
		// The same base model as the job, so the deployment can serve the trained adapter. Scales
		// to zero when idle; the first request after that wakes it.
		llm, err := predibase.NewDeployment(ctx, "support-llm", &predibase.DeploymentArgs{
			BaseModel:   pulumi.String(baseModel),
			Accelerator: pulumi.String(accelerator),
			MinReplicas: pulumi.Int(0),
			MaxReplicas: pulumi.Int(1),
		})
		if err != nil {
			return err
		}
		ctx.Export("adapterVersion", job.AdapterVersion)
		ctx.Export("deploymentName", llm.Name)
		ctx.Export("openaiBaseUrl", llm.OpenaiBaseUrl)
		return nil
	}
}
