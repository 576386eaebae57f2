import { DomainError } from '../errors';
import { isValidId } from '../stream-names';
import { Address, Contact } from './types';

// Plain text fields: bounded, trimmed, no control characters (they break emails, logs and CSV exports).
const controlCharacters = /[\u0000-\u001f\u007f]/;

export const requireText = (value: unknown, field: string, max = 200): string => {
  if (typeof value !== 'string' || value.trim().length === 0) throw new DomainError('VALIDATION', `${field} is required`, field);
  if (value.length > max) throw new DomainError('VALIDATION', `${field} is longer than ${max} characters`, field);
  if (controlCharacters.test(value)) throw new DomainError('VALIDATION', `${field} contains control characters`, field);
  return value.trim();
};

export const optionalText = (value: unknown, field: string, max = 200): string | undefined =>
  value === undefined ? undefined : requireText(value, field, max);

export const requireId = (value: unknown, field: string): string => {
  if (!isValidId(value)) throw new DomainError('VALIDATION', `${field} must be 1-64 letters, digits or dashes`, field);
  return value;
};

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const requireEmail = (value: unknown, field: string): string => {
  const email = requireText(value, field, 254);
  if (!emailPattern.test(email)) throw new DomainError('VALIDATION', `${field} is not an email address`, field);
  return email;
};

const isoPattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export const requireDate = (value: unknown, field: string): Date => {
  if (typeof value !== 'string' || !isoPattern.test(value) || Number.isNaN(Date.parse(value)))
    throw new DomainError('VALIDATION', `${field} must be an ISO-8601 date`, field);
  return new Date(value);
};

export const requireCountry = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || !/^[A-Za-z]{2}$/.test(value))
    throw new DomainError('VALIDATION', `${field} must be an ISO 3166-1 alpha-2 code`, field);
  return value.toUpperCase();
};

export const requireAddress = (value: unknown, field: string): Address => {
  if (typeof value !== 'object' || value === null) throw new DomainError('VALIDATION', `${field} is required`, field);
  const a = value as Record<string, unknown>;
  const line2 = optionalText(a.line2, `${field}.line2`);
  const state = optionalText(a.state, `${field}.state`, 100);
  return {
    line1: requireText(a.line1, `${field}.line1`),
    ...(line2 === undefined ? {} : { line2 }),
    city: requireText(a.city, `${field}.city`, 100),
    ...(state === undefined ? {} : { state }),
    postalCode: requireText(a.postalCode, `${field}.postalCode`, 20),
    country: requireCountry(a.country, `${field}.country`),
  };
};

export const requireContact = (value: unknown, field: string): Contact => {
  if (typeof value !== 'object' || value === null) throw new DomainError('VALIDATION', `${field} is required`, field);
  const c = value as Record<string, unknown>;
  const phone = optionalText(c.phone, `${field}.phone`, 40);
  return {
    firstName: requireText(c.firstName, `${field}.firstName`, 100),
    lastName: requireText(c.lastName, `${field}.lastName`, 100),
    email: requireEmail(c.email, `${field}.email`),
    ...(phone === undefined ? {} : { phone }),
  };
};

export const requireTrue = (value: unknown, field: string): true => {
  if (value !== true) throw new DomainError('RELATIONSHIP.CONFIRMATION_REQUIRED', `${field} must be confirmed`, field);
  return true;
};

/** A command's data must at least be an object before any field can be read from it. */
export const requireCommandData = <C extends { data: object }>(command: C): C => {
  if (typeof command?.data !== 'object' || command.data === null || Array.isArray(command.data))
    throw new DomainError('VALIDATION', 'The command has no data', 'data');
  return command;
};
