// A stored file's key is the sha256 of its bytes, and it becomes a file name
// or an object key: nothing else may pass.
export const SHA256 = /^[0-9a-f]{64}$/;

export function assertKey(sha256: string): void {
  if (!SHA256.test(sha256)) throw new Error(`not a sha256 key: ${sha256}`);
}
