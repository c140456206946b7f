import { profileCommand } from './profile';
import { generateCommand } from './generate';
import { evaluateCommand } from './evaluate';
import { sampleCommand } from './sample';
import { releaseCommand } from './release';
import { checkCommand } from './check';
import { ladderCommand } from './ladder';
import { auditCommand } from './audit';
import { reviewCommand } from './review';

/** Where a command reads its environment: streams, cancellation and working folder (injected so tests can drive it). */
export interface CommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
  signal?: AbortSignal;
  cwd: string;
  /** The environment the language is read from (LC_ALL, LC_MESSAGES, LANG); none: English. */
  env?: Record<string, string | undefined>;
}

export type CommandHandler = (argv: string[], io: CommandIO) => Promise<void>;

/** Every `twin` command; a new command is a new file and one line here. */
export const COMMANDS: Record<string, CommandHandler> = {
  profile: profileCommand,
  generate: generateCommand,
  evaluate: evaluateCommand,
  review: reviewCommand,
  release: releaseCommand,
  check: checkCommand,
  ladder: ladderCommand,
  audit: auditCommand,
  sample: sampleCommand,
};
