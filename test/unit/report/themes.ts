/**
 * The four kinds of VS Code colour theme, as a webview sees them: the body class VS Code sets
 * (`vscode-light`, `vscode-dark`, `vscode-high-contrast`, `vscode-high-contrast vscode-high-contrast-light`)
 * and the `--vscode-*` variables it injects on <html>, with the values of the default themes
 * (Light Modern, Dark Modern, Dark High Contrast, Light High Contrast) for the colours the
 * dashboard and @vscode-elements use. The accessibility tests apply them as VS Code does.
 */
import type { Page } from 'playwright-core';

export type ThemeName = 'light' | 'dark' | 'hc-black' | 'hc-light';

export interface Theme { bodyClass: string; kind: 'light' | 'dark'; vars: Record<string, string> }

const FONT = {
  'font-family': 'system-ui, -apple-system, "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
  'editor-font-family': 'Consolas, "Courier New", monospace',
};

export const THEMES: Record<ThemeName, Theme> = {
  light: {
    bodyClass: 'vscode-light', kind: 'light',
    vars: {
      ...FONT,
      foreground: '#3b3b3b', 'editor-background': '#ffffff', descriptionForeground: '#3b3b3b', 'editorWidget-background': '#f8f8f8',
      'widget-border': '#e5e5e5', 'panel-border': '#e5e5e5', 'panel-background': '#f8f8f8', focusBorder: '#005fb8', 'textLink-foreground': '#005fb8',
      'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8', 'button-border': '#0000001a',
      'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
      'input-background': '#ffffff', 'input-border': '#cecece', 'input-foreground': '#3b3b3b', 'input-placeholderForeground': '#767676',
      'settings-textInputBackground': '#ffffff', 'settings-textInputForeground': '#3b3b3b', 'settings-textInputBorder': '#cecece',
      'settings-dropdownBackground': '#ffffff', 'settings-dropdownForeground': '#3b3b3b', 'settings-dropdownBorder': '#cecece', 'settings-dropdownListBorder': '#c8c8c8',
      'settings-checkboxBackground': '#f8f8f8', 'settings-checkboxForeground': '#3b3b3b', 'settings-checkboxBorder': '#cecece',
      'checkbox-background': '#f8f8f8', 'checkbox-foreground': '#3b3b3b', 'checkbox-border': '#cecece',
      'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b',
      'list-activeSelectionBackground': '#e8e8e8', 'list-activeSelectionForeground': '#000000', 'list-hoverBackground': '#f2f2f2', 'list-focusOutline': '#005fb8',
      'panelTitle-activeBorder': '#005fb8', 'panelTitle-activeForeground': '#3b3b3b', 'panelTitle-inactiveForeground': '#3b3b3b',
      'charts-blue': '#1a85ff', 'charts-orange': '#d18616', 'charts-green': '#388a34', 'charts-yellow': '#bf8803', 'charts-red': '#e51400', 'charts-purple': '#652d90', 'charts-foreground': '#616161',
      'editorLineNumber-foreground': '#6e7681', 'editorIndentGuide-background1': '#d3d3d3',
      'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100', 'widget-shadow': '#00000029',
    },
  },
  dark: {
    bodyClass: 'vscode-dark', kind: 'dark',
    vars: {
      ...FONT,
      foreground: '#cccccc', 'editor-background': '#1f1f1f', descriptionForeground: '#9d9d9d', 'editorWidget-background': '#202020',
      'widget-border': '#313131', 'panel-border': '#2b2b2b', 'panel-background': '#181818', focusBorder: '#0078d4', 'textLink-foreground': '#4daafc',
      'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1', 'button-border': '#ffffff12',
      'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
      'input-background': '#313131', 'input-border': '#3c3c3c', 'input-foreground': '#cccccc', 'input-placeholderForeground': '#989898',
      'settings-textInputBackground': '#313131', 'settings-textInputForeground': '#cccccc', 'settings-textInputBorder': '#3c3c3c',
      'settings-dropdownBackground': '#313131', 'settings-dropdownForeground': '#cccccc', 'settings-dropdownBorder': '#3c3c3c', 'settings-dropdownListBorder': '#454545',
      'settings-checkboxBackground': '#313131', 'settings-checkboxForeground': '#cccccc', 'settings-checkboxBorder': '#3c3c3c',
      'checkbox-background': '#313131', 'checkbox-foreground': '#cccccc', 'checkbox-border': '#3c3c3c',
      'badge-background': '#616161', 'badge-foreground': '#f8f8f8',
      'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff', 'list-hoverBackground': '#2a2d2e', 'list-focusOutline': '#0078d4',
      'panelTitle-activeBorder': '#0078d4', 'panelTitle-activeForeground': '#cccccc', 'panelTitle-inactiveForeground': '#9d9d9d',
      'charts-blue': '#3794ff', 'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-yellow': '#cca700', 'charts-red': '#f14c4c', 'charts-purple': '#b180d7', 'charts-foreground': '#cccccc',
      'editorLineNumber-foreground': '#6e7681', 'editorIndentGuide-background1': '#404040',
      'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100', 'widget-shadow': '#0000005c',
    },
  },
  'hc-black': {
    bodyClass: 'vscode-high-contrast', kind: 'dark',
    vars: {
      ...FONT,
      foreground: '#ffffff', 'editor-background': '#000000', descriptionForeground: '#ffffff', 'editorWidget-background': '#0c141f',
      'widget-border': '#6fc3df', 'panel-border': '#6fc3df', 'panel-background': '#000000', focusBorder: '#f38518', 'textLink-foreground': '#21a6ff',
      contrastBorder: '#6fc3df', contrastActiveBorder: '#f38518',
      'button-background': '#000000', 'button-foreground': '#ffffff', 'button-border': '#6fc3df',
      'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff',
      'input-background': '#000000', 'input-border': '#6fc3df', 'input-foreground': '#ffffff', 'input-placeholderForeground': '#ffffffb3',
      'settings-textInputBackground': '#000000', 'settings-textInputForeground': '#ffffff', 'settings-textInputBorder': '#6fc3df',
      'settings-dropdownBackground': '#000000', 'settings-dropdownForeground': '#ffffff', 'settings-dropdownBorder': '#6fc3df', 'settings-dropdownListBorder': '#6fc3df',
      'settings-checkboxBackground': '#000000', 'settings-checkboxForeground': '#ffffff', 'settings-checkboxBorder': '#6fc3df',
      'checkbox-background': '#000000', 'checkbox-foreground': '#ffffff', 'checkbox-border': '#6fc3df',
      'badge-background': '#000000', 'badge-foreground': '#ffffff',
      'list-activeSelectionBackground': '#000000', 'list-activeSelectionForeground': '#ffffff', 'list-focusOutline': '#f38518',
      'panelTitle-activeBorder': '#6fc3df', 'panelTitle-activeForeground': '#ffffff', 'panelTitle-inactiveForeground': '#ffffff',
      'charts-blue': '#3794ff', 'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-yellow': '#cca700', 'charts-red': '#f14c4c', 'charts-purple': '#b180d7', 'charts-foreground': '#ffffff',
      'editorLineNumber-foreground': '#ffffff', 'editorIndentGuide-background1': '#ffffff',
      'inputValidation-errorBackground': '#000000', 'inputValidation-errorBorder': '#6fc3df',
    },
  },
  'hc-light': {
    bodyClass: 'vscode-high-contrast vscode-high-contrast-light', kind: 'light',
    vars: {
      ...FONT,
      foreground: '#292929', 'editor-background': '#ffffff', descriptionForeground: '#292929', 'editorWidget-background': '#ffffff',
      'widget-border': '#0f4a85', 'panel-border': '#0f4a85', 'panel-background': '#ffffff', focusBorder: '#006bbd', 'textLink-foreground': '#0f4a85',
      contrastBorder: '#0f4a85', contrastActiveBorder: '#006bbd',
      'button-background': '#0f4a85', 'button-foreground': '#ffffff', 'button-border': '#0f4a85',
      'button-secondaryBackground': '#ffffff', 'button-secondaryForeground': '#292929',
      'input-background': '#ffffff', 'input-border': '#0f4a85', 'input-foreground': '#292929', 'input-placeholderForeground': '#292929b3',
      'settings-textInputBackground': '#ffffff', 'settings-textInputForeground': '#292929', 'settings-textInputBorder': '#0f4a85',
      'settings-dropdownBackground': '#ffffff', 'settings-dropdownForeground': '#292929', 'settings-dropdownBorder': '#0f4a85', 'settings-dropdownListBorder': '#0f4a85',
      'settings-checkboxBackground': '#ffffff', 'settings-checkboxForeground': '#292929', 'settings-checkboxBorder': '#0f4a85',
      'checkbox-background': '#ffffff', 'checkbox-foreground': '#292929', 'checkbox-border': '#0f4a85',
      'badge-background': '#0f4a85', 'badge-foreground': '#ffffff',
      'list-activeSelectionBackground': '#ffffff', 'list-activeSelectionForeground': '#292929', 'list-focusOutline': '#006bbd',
      'panelTitle-activeBorder': '#b5200d', 'panelTitle-activeForeground': '#292929', 'panelTitle-inactiveForeground': '#292929',
      'charts-blue': '#0f4a85', 'charts-orange': '#8f3f00', 'charts-green': '#374e06', 'charts-yellow': '#895503', 'charts-red': '#b5200d', 'charts-purple': '#652d90', 'charts-foreground': '#292929',
      'editorLineNumber-foreground': '#292929', 'editorIndentGuide-background1': '#292929',
      'inputValidation-errorBackground': '#ffffff', 'inputValidation-errorBorder': '#b5200d',
    },
  },
};

export const THEME_NAMES = Object.keys(THEMES) as ThemeName[];

/**
 * Applies a theme as VS Code does, before the page's own scripts run: the variables inline on
 * <html> (through the CSSOM, which a style-src CSP allows) and the class on <body>.
 */
export async function applyTheme(page: Page, name: ThemeName): Promise<void> {
  const t = THEMES[name];
  // Plain JavaScript source: a transpiled function would call helpers the page does not have.
  // At document creation there is no <html> yet: apply once the parser has made <body>.
  await page.addInitScript({ content: `(function (vars, bodyClass) {
    document.addEventListener('DOMContentLoaded', function () {
      for (const k of Object.keys(vars)) document.documentElement.style.setProperty('--vscode-' + k, vars[k]);
      document.body.className = bodyClass;
    });
  })(${JSON.stringify(t.vars)}, ${JSON.stringify(t.bodyClass)});` });
}
