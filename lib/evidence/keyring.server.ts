// The installation's release-signing keys, in files outside the database
// (SITEWATCH_KEYS_DIR, by default <data dir>/keys): keyring.json lists every
// public key the installation has used (the active one and those retired by
// rotation, kept so that old releases stay verifiable) and each key's private
// half is <id>.key.pem (mode 0600) while it is in use. Back the folder up
// apart from the database: whoever holds the private key can sign as you.
import { generateKeyPairSync, createPrivateKey, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { config } from "../config.server";
import { DomainError } from "../errors";
import { keyIdOf } from "./signing";

const KEYRING_FILE = "keyring.json";

const PublicKeyEntry = z.object({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  algorithm: z.literal("Ed25519"),
  publicKeyPem: z.string().startsWith("-----BEGIN PUBLIC KEY-----"),
  createdAt: z.string(),
  retiredAt: z.string().nullable(),
});
export type PublicKeyEntry = z.infer<typeof PublicKeyEntry>;

const Keyring = z.object({ schema: z.literal("sitewatch.keyring/1"), active: z.string(), keys: z.array(PublicKeyEntry).min(1) });
type Keyring = z.infer<typeof Keyring>;

export function keysDir(): string {
  return config.keysDir;
}

const privatePath = (dir: string, id: string) => path.join(dir, `${id}.key.pem`);

function writeAtomically(file: string, text: string, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode });
  fs.renameSync(tmp, file);
}

/** The keyring, or null when the folder holds none; a keyring that cannot be read is an error naming the file. */
export function readKeyring(dir = keysDir()): Keyring | null {
  const file = path.join(dir, KEYRING_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new DomainError("unavailable", `the release-signing keyring ${file} cannot be read (${(e as NodeJS.ErrnoException).code})`);
  }
  const parsed = Keyring.safeParse(JSON.parse(text));
  if (!parsed.success) throw new DomainError("unavailable", `the release-signing keyring ${file} is not a Sitewatch keyring`);
  return parsed.data;
}

function newKey(dir: string, now: Date): PublicKeyEntry {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const id = keyIdOf(publicKeyPem);
  writeAtomically(privatePath(dir, id), privateKey.export({ type: "pkcs8", format: "pem" }).toString(), 0o600);
  return { id, algorithm: "Ed25519", publicKeyPem, createdAt: now.toISOString(), retiredAt: null };
}

/** Creates the keyring with one key if there is none; says whether it did. */
export function initKeyring(dir = keysDir(), now = new Date()): { created: boolean; keyId: string } {
  const existing = readKeyring(dir);
  if (existing) return { created: false, keyId: existing.active };
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = newKey(dir, now);
  writeAtomically(path.join(dir, KEYRING_FILE), `${JSON.stringify({ schema: "sitewatch.keyring/1", active: key.id, keys: [key] }, null, 2)}\n`, 0o644);
  return { created: true, keyId: key.id };
}

/** A new active key; the old one is retired: its public key stays listed (old releases verify), its private key is removed. */
export function rotateKeyring(dir = keysDir(), now = new Date()): { retired: string; keyId: string } {
  const ring = readKeyring(dir);
  if (!ring) throw new DomainError("not_found", `no release-signing keyring in ${dir}: run \`sitewatch keys init\` first`);
  const key = newKey(dir, now);
  const keys = ring.keys.map((k) => (k.id === ring.active ? { ...k, retiredAt: now.toISOString() } : k));
  writeAtomically(path.join(dir, KEYRING_FILE), `${JSON.stringify({ ...ring, active: key.id, keys: [...keys, key] }, null, 2)}\n`, 0o644);
  fs.rmSync(privatePath(dir, ring.active), { force: true });
  return { retired: ring.active, keyId: key.id };
}

/** Every public key the installation has signed with, newest last. */
export function publicKeys(dir = keysDir()): PublicKeyEntry[] {
  return readKeyring(dir)?.keys ?? [];
}

/** The active key, ready to sign; a missing or unreadable key is one clear error (publishing stops before it writes). */
export function activeSigner(dir = keysDir()): { keyId: string; privateKey: KeyObject } {
  const ring = readKeyring(dir);
  if (!ring) throw new DomainError("unavailable", `cannot sign the release: no release-signing key in ${dir} (run \`sitewatch keys init\`, or set SITEWATCH_KEYS_DIR)`);
  const file = privatePath(dir, ring.active);
  let pem: string;
  try {
    pem = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DomainError("unavailable", `cannot sign the release: the private key ${file} ${code === "ENOENT" ? "is missing" : `cannot be read (${code})`}`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new DomainError("unavailable", `cannot sign the release: the private key ${file} is not a valid key`);
  }
  if (privateKey.asymmetricKeyType !== "ed25519") throw new DomainError("unavailable", `cannot sign the release: the private key ${file} is not an Ed25519 key`);
  return { keyId: ring.active, privateKey };
}
