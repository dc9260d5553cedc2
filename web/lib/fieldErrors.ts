/** One entry of a 400 problem's `errors[]`: a path such as `body.title`, a code and a translated message. */
export interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

/** The field errors an API error (lib/api's ApiError, read by shape to keep this module free of i18n) carries. */
export function problemErrors(error: unknown): FieldProblem[] {
  const errors = (error as { problem?: { errors?: unknown } } | null | undefined)?.problem?.errors;
  return Array.isArray(errors) ? (errors as FieldProblem[]) : [];
}

/** `body.identity.givenName` → `identity.givenName`; paths outside the body (params, query) stay as they are. */
export function fieldPath(path: string): string {
  return path.startsWith('body.') ? path.slice('body.'.length) : path;
}

/** Every leaf and branch path of a form's values, in Mantine's dotted notation (`items.0.title`). */
export function valuePaths(values: unknown, prefix = ''): string[] {
  if (values === null || typeof values !== 'object') return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.push(path, ...valuePaths(value, path));
  }
  return out;
}

/**
 * Splits an API error's field errors into those a form has a field for (by form path, first message
 * wins) and the rest, which belong in the ErrorAlert.
 */
export function splitFieldErrors(error: unknown, fields: readonly string[]) {
  const known = new Set(fields);
  const onFields: Record<string, string> = {};
  const rest: FieldProblem[] = [];
  for (const e of problemErrors(error)) {
    const path = fieldPath(e.path);
    if (known.has(path)) onFields[path] ??= e.message;
    else rest.push(e);
  }
  return { onFields, rest };
}

/** The translated message for one field of a form that is not a Mantine useForm, if the server sent one. */
export function fieldError(error: unknown, path: string): string | undefined {
  return splitFieldErrors(error, [path]).onFields[path];
}

/** The part of a Mantine form this needs. */
interface ErrorTarget {
  getValues(): unknown;
  setFieldError(path: string, error: string): void;
}

/**
 * Puts a failed request's field errors onto a Mantine form's fields (`body.` stripped). Returns the
 * paths it placed, to hand to ErrorAlert's `shownOnFields` so they are not repeated there.
 */
export function setServerErrors(form: ErrorTarget, error: unknown): string[] {
  const { onFields } = splitFieldErrors(error, valuePaths(form.getValues()));
  for (const [path, message] of Object.entries(onFields)) form.setFieldError(path, message);
  return Object.keys(onFields);
}
