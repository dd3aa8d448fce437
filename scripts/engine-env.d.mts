export declare const repoRoot: string;
export declare function engineBinDir(): string;
export declare function offlinePulumiEnv(
  stateDir: string,
  extra?: Record<string, string>,
): Record<string, string>;
