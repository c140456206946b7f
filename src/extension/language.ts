import * as vscode from 'vscode';
import { languageOfLocale, setLanguage, type Language } from '../core';

/**
 * The tool's language: the `syntheticTwin.language` setting, else the editor's display language: Welsh when VS Code's display language is Welsh.
 * VS Code reports `env.language` as the language it resolved to, which is English whenever no
 * Welsh language pack is installed (Microsoft ships none); the locale the person chose
 * (`"locale": "cy"` in argv.json, code-server's `--locale cy`) is still in the extension host's
 * VSCODE_NLS_CONFIG, so that is read too.
 */
export function editorLanguage(env: Record<string, string | undefined> = process.env): Language {
  // The setting wins (where no Welsh language pack can be installed, it is the way to choose Welsh).
  const chosen = vscode.workspace.getConfiguration('syntheticTwin').get<string>('language');
  if (chosen === 'en' || chosen === 'cy') return chosen;
  const resolved = languageOfLocale(vscode.env.language);
  if (resolved === 'cy') return 'cy';
  try {
    const config = JSON.parse(env.VSCODE_NLS_CONFIG ?? '{}') as { userLocale?: string; locale?: string };
    return languageOfLocale(config.userLocale ?? config.locale) === 'cy' ? 'cy' : 'en';
  } catch {
    return 'en';
  }
}

/** Chooses the catalogue's language from the editor's (at activation). */
export function useEditorLanguage(): Language {
  const language = editorLanguage();
  setLanguage(language);
  return language;
}
