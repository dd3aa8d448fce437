export declare const FIXTURE_PROJECT: string;
export declare const FIXTURE_STACK: string;
export declare const FIXTURE_PROGRAM: string;
