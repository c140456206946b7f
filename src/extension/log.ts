import * as vscode from 'vscode';
import { redactValues } from '../core';
import { t } from '../core';

/**
 * The extension's log ("Synthetic Twin" output channel). It records actions, file
 * paths, timings and error reasons, never data values: core errors name a file,
 * row and column, not the cell's content, and results are logged by size only.
 */
export class Log {
  private _channel: vscode.LogOutputChannel | undefined;

  private get channel(): vscode.LogOutputChannel {
    // Created on first use, so activation stays cheap.
    this._channel ??= vscode.window.createOutputChannel('Synthetic Twin', { log: true });
    return this._channel;
  }

  info(message: string): void { this.channel.info(redactValues(message)); }
  warn(message: string): void { this.channel.warn(redactValues(message)); }
  error(message: string, detail?: string): void {
    this.channel.error(redactValues(detail ? `${message}\n${detail}` : message));
  }
  show(): void { this.channel.show(true); }
  dispose(): void { this._channel?.dispose(); }
}

/**
 * Shows "<action> failed: <reason>" with a "Show Log" button, after writing the detail
 * to the log (rust-analyzer's pattern). Cancellation is not an error and never gets here.
 */
export function showFailure(log: Log, action: string, reason: string, detail?: string): void {
  const message = t('{0} failed: {1}', action, reason);
  log.error(message, detail);
  const showLog = t('Show Log');
  // Not awaited: the toast stays until dismissed, and the command must end now.
  void vscode.window.showErrorMessage(message, showLog).then((choice) => {
    if (choice === showLog) log.show();
  });
}
