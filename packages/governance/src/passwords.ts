/** Password hashing with argon2id (OWASP's first choice) through the native `@node-rs/argon2`. */
import { hash, verify } from "@node-rs/argon2";

/** argon2id, 19 MiB, 2 passes, 1 lane: the OWASP minimum profile, ~20 ms per hash on these machines. */
const OPTIONS = {
  algorithm: 2 /* Algorithm.Argon2id: a const enum, unusable under isolatedModules */,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const MIN_PASSWORD_LENGTH = 12;

/** Why a password is refused, or null when it is acceptable. Length beats composition rules (NIST SP 800-63B). */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (password.length > 1024) return "Password must be at most 1024 characters long";
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** A hash computed once so that logins for unknown emails cost as much as real ones (no user enumeration by timing). */
let dummy: Promise<string> | undefined;

/** Checks a password against a stored PHC hash; with no hash it still spends the same time and answers false. */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hashPassword("not-a-real-password-for-timing");
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
