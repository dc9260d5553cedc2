export type Messages = Record<string, unknown>;

/**
 * Each domain module keeps its messages in locales/<module>/<lang>.json (so modules can be translated
 * and changed independently); they are merged in under the module's name, so keys read "<module>.<key>".
 */
export function withModules(moduleFiles: Record<string, Messages>): Messages {
  const merged: Messages = {};
  for (const [path, messages] of Object.entries(moduleFiles)) merged[path.split('/').slice(-2)[0]] = messages;
  return merged;
}
