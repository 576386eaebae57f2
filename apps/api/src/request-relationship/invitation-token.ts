import { hash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe; only its SHA-256 is ever stored. */
export function newInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashInvitationToken(token: string): string {
  return hash('sha256', token, 'hex');
}
