/**
 * GPU accelerators a deployment can ask for, with their total GPU memory (wire contract table;
 * the emulator keeps its own copy). Useful to check `accelerator` against a model's
 * `min_gpu_memory_gb` before asking the platform.
 */
export const ACCELERATORS: Readonly<Record<string, { gpuMemoryGb: number }>> = {
  a10_24gb: { gpuMemoryGb: 24 },
  a10_24gb_100: { gpuMemoryGb: 24 },
  l4_24gb_100: { gpuMemoryGb: 24 },
  l40s_48gb_100: { gpuMemoryGb: 48 },
  a10_24gb_400: { gpuMemoryGb: 96 },
  a100_80gb: { gpuMemoryGb: 80 },
  a100_80gb_100: { gpuMemoryGb: 80 },
  h100_80gb_pcie_100: { gpuMemoryGb: 80 },
  h100_80gb_sxm_100: { gpuMemoryGb: 80 },
  a100_80gb_200: { gpuMemoryGb: 160 },
};

/** GPU memory of an accelerator id, or undefined when the id is unknown. */
export function acceleratorMemoryGb(id: string): number | undefined {
  return Object.hasOwn(ACCELERATORS, id) ? ACCELERATORS[id]?.gpuMemoryGb : undefined;
}
