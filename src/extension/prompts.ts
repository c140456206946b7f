import * as vscode from 'vscode';

/**
 * Every question and notice the commands put to the user goes through one `Prompts` object,
 * so the flows are the same code in the editor and in the integration tests (which replace it
 * with a scripted one that records what was asked and answers it).
 */
export interface Prompts {
  /**
   * A warning. With `modal`, the first choice is the dialog's default (Enter): pass the safe
   * choice first. Resolves to the chosen title, or undefined when dismissed.
   */
  warning(message: string, options: { modal?: boolean; detail?: string }, ...choices: string[]): Promise<string | undefined>;
  /** A notice, optionally with action buttons; resolves when the user picks one or it is dismissed. */
  info(message: string, ...choices: string[]): Promise<string | undefined>;
  quickPick<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
  inputBox(options: vscode.InputBoxOptions): Promise<string | undefined>;
  openDialog(options: vscode.OpenDialogOptions): Promise<vscode.Uri[] | undefined>;
  /** A short message in the status bar (for flows the user closed themselves). */
  status(message: string): void;
}

/** The real editor's dialogs. */
export const editorPrompts: Prompts = {
  async warning(message, options, ...choices) {
    return vscode.window.showWarningMessage(message, options, ...choices);
  },
  async info(message, ...choices) {
    return vscode.window.showInformationMessage(message, ...choices);
  },
  async quickPick(items, options) {
    return vscode.window.showQuickPick(items, options);
  },
  async inputBox(options) {
    return vscode.window.showInputBox(options);
  },
  async openDialog(options) {
    return vscode.window.showOpenDialog(options);
  },
  status(message) {
    vscode.window.setStatusBarMessage(`$(info) ${message}`, 8000);
  },
};
