import { z } from 'zod';

// A missing field reads "phone: is required" rather than zod's "expected string, received undefined".
z.config({
  customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
});

/**
 * Turns a zod failure into one sentence per problem that names the field and the rule, for
 * forms, IPC answers and HTTP 400 bodies alike: "phone: must have 8 to 15 digits".
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join('.') : '(document)',
    message: issue.message,
  }));
}

export function describeProblems(error: z.ZodError, prefix = ''): string {
  return fieldProblems(error)
    .map((p) => `${prefix}${p.field}: ${p.message}`)
    .join('; ');
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[]; message: string };

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): Parsed<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: fieldProblems(result.error), message: describeProblems(result.error, prefix) };
}
