import { describe, expect, it } from 'vitest';
import { fieldError, fieldPath, setServerErrors, splitFieldErrors, valuePaths } from './fieldErrors';

/** Shaped like lib/api's ApiError (importing it would start i18n, which needs a browser). */
const problem = {
  problem: {
    type: 'about:blank',
    title: 'Some fields need attention',
    status: 400,
    code: 'validation',
    errors: [
      { path: 'body.title', code: 'too-long', message: 'At most 200 characters' },
      { path: 'body.title', code: 'nul', message: 'second message for title' },
      { path: 'body.identity.givenName', code: 'required', message: 'Required' },
      { path: 'body.items.0.title', code: 'too-long', message: 'At most 300 characters' },
      { path: 'query.limit', code: 'too-big', message: 'Too big' },
    ],
  },
};

describe('fieldPath', () => {
  it('strips the body prefix only', () => {
    expect(fieldPath('body.identity.givenName')).toBe('identity.givenName');
    expect(fieldPath('query.limit')).toBe('query.limit');
    expect(fieldPath('bodyguard')).toBe('bodyguard');
  });
});

describe('valuePaths', () => {
  it('lists nested and array paths in dotted notation', () => {
    expect(valuePaths({ title: '', identity: { givenName: '' }, items: [{ title: '' }] })).toEqual([
      'title',
      'identity',
      'identity.givenName',
      'items',
      'items.0',
      'items.0.title',
    ]);
  });
});

describe('splitFieldErrors', () => {
  it('puts known fields on the form (first message wins) and keeps the rest', () => {
    const { onFields, rest } = splitFieldErrors(problem, ['title', 'identity.givenName']);
    expect(onFields).toEqual({ title: 'At most 200 characters', 'identity.givenName': 'Required' });
    expect(rest.map((e) => e.path)).toEqual(['body.items.0.title', 'query.limit']);
  });

  it('ignores errors that are not API errors', () => {
    expect(splitFieldErrors(new Error('boom'), ['title'])).toEqual({ onFields: {}, rest: [] });
    expect(fieldError(null, 'title')).toBeUndefined();
  });

  it('answers one field for forms without useForm', () => {
    expect(fieldError(problem, 'items.0.title')).toBe('At most 300 characters');
  });
});

describe('setServerErrors', () => {
  it('sets the errors of the fields a Mantine form has and returns their paths', () => {
    const set: Record<string, string> = {};
    const form = {
      getValues: () => ({ title: 'x', identity: { givenName: '' } }),
      setFieldError: (path: string, message: string) => {
        set[path] = message;
      },
    };
    expect(setServerErrors(form, problem)).toEqual(['title', 'identity.givenName']);
    expect(set).toEqual({ title: 'At most 200 characters', 'identity.givenName': 'Required' });
  });
});
