import type { z } from 'zod';
import { fieldProblems } from '../../shared/validation';
import { HttpError } from '../http-error';

/** Parses a request part with its zod schema, or answers 400 naming each field and rule. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = fieldProblems(result.error);
  throw new HttpError(
    400,
    'invalid-request',
    `${what}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    problems,
  );
}
