/**
 * Password hashing with Node's scrypt: a random salt per password and the cost parameters stored in
 * the hash string itself (`scrypt$N$r$p$salt$hash`), so the cost can be raised later and old hashes
 * still verify. Comparison is constant-time.
 */
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/** Cost of new hashes: 2^15 × 8 × 128 B = 32 MiB of memory per hash, about 0.1 s on a small server. */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
// Bounds on parameters read back from the database, so one corrupted row cannot exhaust memory.
const MAX_N = 2 ** 20;
const MAX_MEMORY = 256 * 1024 * 1024;

export const PASSWORD_MIN_LENGTH = 12;
// scrypt reads the whole password; a cap keeps a megabyte-long "password" from costing anything.
export const PASSWORD_MAX_LENGTH = 256;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N, r, p, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** Hashes a password for storage. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST.N, COST.r, COST.p);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches a stored hash; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isInteger) || N < 2 || N > MAX_N || r < 1 || r > 32 || p < 1 || p > 16) {
    return false;
  }
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  const key = await derive(password, Buffer.from(parts[4] ?? '', 'base64url'), N, r, p);
  return timingSafeEqual(key, expected);
}

let decoy: Promise<string> | undefined;
/**
 * Spends the same time as a real check when there is no account to check against, so the response
 * time of a sign-in does not tell whether a username exists.
 */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await decoy);
  return false;
}

const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of 20 unambiguous letters and digits (about 116 bits), in groups of five. */
export function generatePassword(): string {
  let text = '';
  for (let i = 0; i < 20; i++) text += ALPHABET[randomInt(ALPHABET.length)];
  return text.match(/.{5}/g)!.join('-');
}

/** Why a new password is not acceptable, or null when it is. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  return null;
}
