import { languageOfEnvironment, LANGUAGES, setLanguage, t, type Language } from '../core';

/**
 * The language the CLI answers in, and the arguments without `--lang`: `--lang cy|en` (or
 * `--lang=cy`) anywhere on the line wins, else the environment's LC_ALL / LC_MESSAGES / LANG.
 * Throws (a plain Error, reported as a usage error) on a language the tool does not speak, in
 * the environment's language (LC_ALL / LC_MESSAGES / LANG, else English): --lang itself is unusable.
 */
export function takeLanguage(argv: string[], env: Record<string, string | undefined>): { language: Language; argv: string[] } {
  let chosen: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--lang') {
      chosen = argv[i + 1];
      if (chosen === undefined) throw languageError(env, () => t('--lang needs a language: en or cy'));
      i++;
    } else if (arg.startsWith('--lang=')) {
      chosen = arg.slice('--lang='.length);
    } else {
      rest.push(arg);
    }
  }
  if (chosen === undefined) return { language: languageOfEnvironment(env), argv: rest };
  const language = LANGUAGES.find((l) => l === chosen.trim().toLowerCase());
  if (language === undefined) throw languageError(env, () => t('--lang must be en or cy, got {0}', JSON.stringify(chosen)));
  return { language, argv: rest };
}

/** The error about --lang, said in the environment's language (which the caller then keeps answering in). */
function languageError(env: Record<string, string | undefined>, message: () => string): Error {
  setLanguage(languageOfEnvironment(env));
  return new Error(message());
}
