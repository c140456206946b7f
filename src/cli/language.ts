import { languageOfEnvironment, LANGUAGES, type Language } from '../core';

/**
 * The language the CLI answers in, and the arguments without `--lang`: `--lang cy|en` (or
 * `--lang=cy`) anywhere on the line wins, else the environment's LC_ALL / LC_MESSAGES / LANG.
 * Throws (a plain Error, reported as a usage error) on a language the tool does not speak.
 */
export function takeLanguage(argv: string[], env: Record<string, string | undefined>): { language: Language; argv: string[] } {
  let chosen: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--lang') {
      chosen = argv[i + 1];
      if (chosen === undefined) throw new Error(`--lang needs a language: ${LANGUAGES.join(' or ')}`);
      i++;
    } else if (arg.startsWith('--lang=')) {
      chosen = arg.slice('--lang='.length);
    } else {
      rest.push(arg);
    }
  }
  if (chosen === undefined) return { language: languageOfEnvironment(env), argv: rest };
  const language = LANGUAGES.find((l) => l === chosen.trim().toLowerCase());
  if (language === undefined) throw new Error(`--lang must be ${LANGUAGES.join(' or ')}, got ${JSON.stringify(chosen)}`);
  return { language, argv: rest };
}
