export declare const LANGUAGES: readonly string[];
export declare function generatorBinary(): string;
export declare function generate(root?: string): { schemaPath: string; out: string };
export declare function buildNodeSdk(dest: string): string;
