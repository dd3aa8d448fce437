/** An empty zip archive (only the end-of-central-directory record): what a download of nothing is. */
export const EMPTY_ZIP: Buffer = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);
