import { ApiExtension } from '@nestjs/swagger';
import type { ProblemCode } from '../problem-types/problem-catalogue';

/** Marks the extensions `problemResponses` turns into error responses (and removes from the document). */
export const REFUSES_EXTENSION_PREFIX = 'x-refuses-';

/** A code, or a code with the status it answers with on this route where that differs from the catalogue's. */
export type Refusal = ProblemCode | readonly [ProblemCode, number];

let declared = 0;

/**
 * The problem codes a route (or every route of a controller) can answer with, besides those the document shows by
 * itself (authentication, validation, limits: see `problemResponses`). Each use case lists its domain errors here;
 * the decorators that bind a guard or interceptor (`@Issues`, `@Idempotent`, `@ReadYourWrites`) add theirs.
 * Several of these on one route add up: each is written under its own extension key, as swagger keeps one value a key.
 */
export const Refuses = (...codes: Refusal[]): MethodDecorator & ClassDecorator =>
  ApiExtension(`${REFUSES_EXTENSION_PREFIX}${declared++}`, { codes });
