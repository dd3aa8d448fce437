/** GPU accelerators a deployment can run on, with the GPU memory each offers in total. */
export interface Accelerator {
  id: string;
  gpu: string;
  gpu_count: number;
  memory_gb: number;
}

/** The wire contract's table, in order of preference when several fit (smallest first). */
export const ACCELERATORS: readonly Accelerator[] = [
  { id: "a10_24gb", gpu: "A10G", gpu_count: 1, memory_gb: 24 },
  { id: "a10_24gb_100", gpu: "A10G", gpu_count: 1, memory_gb: 24 },
  { id: "l4_24gb_100", gpu: "L4", gpu_count: 1, memory_gb: 24 },
  { id: "l40s_48gb_100", gpu: "L40S", gpu_count: 1, memory_gb: 48 },
  { id: "a10_24gb_400", gpu: "A10G", gpu_count: 4, memory_gb: 96 },
  { id: "a100_80gb", gpu: "A100", gpu_count: 1, memory_gb: 80 },
  { id: "a100_80gb_100", gpu: "A100", gpu_count: 1, memory_gb: 80 },
  { id: "h100_80gb_pcie_100", gpu: "H100 PCIe", gpu_count: 1, memory_gb: 80 },
  { id: "h100_80gb_sxm_100", gpu: "H100 SXM", gpu_count: 1, memory_gb: 80 },
  { id: "a100_80gb_200", gpu: "A100", gpu_count: 2, memory_gb: 160 },
];

export function findAccelerator(id: string): Accelerator | undefined {
  return ACCELERATORS.find((a) => a.id === id);
}

/** The first accelerator (by memory, then table order) with at least `memoryGb`. */
export function smallestFitting(memoryGb: number): Accelerator | undefined {
  const bySize = [...ACCELERATORS].sort((a, b) => a.memory_gb - b.memory_gb);
  return bySize.find((a) => a.memory_gb >= memoryGb);
}
