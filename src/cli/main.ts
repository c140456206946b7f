/**
 * `twin` — the command line over the core (DESIGN.md, command-line contract).
 * Exit status: 0 success, 1 bad input (one line naming file, row, column),
 * 2 usage error, 130 cancelled (Ctrl-C). Results go to files or stdout as
 * JSON; people-facing progress and summaries go to stderr.
 */
import { cancelledError, isTwinError, setLanguage, t, TOOL_VERSION, usageError } from '../core';
import { COMMANDS, type CommandIO } from './commands';
import { STDOUT_CLOSED } from './interrupt';
import { takeLanguage } from './language';

/** The top-level help; a function so that it answers in the language chosen at run time. */
const usage = (): string => t(`twin {0} — synthetic twins for Trusted Research Environments

Usage:
  twin profile  <data>  [--out metadata.json]
  twin generate <data|metadata.json> --level structural|statistical|correlated
                [--rows N] [--seed S] [--epsilon E] [--method NAME] [--out FILE]
  twin generate --recipe <name.twin.json>
  twin evaluate <real> <synthetic> [--holdout FILE] [--target COL] [--out evaluation.json] [--html evaluation.html]
  twin review   <metadata.json> --out reviewed.json [--exclude COL] [--type COL=TYPE] [--identifier COL]
                [--threshold K] [--data FILE] [--sign-off --name N --role R [--note T]]
  twin release  <data> --level L [--dir DIR]     profile + generate + evaluate + release pack
  twin release  <data> --level L --metadata reviewed.json   the same, from signed-off reviewed metadata
  twin check    <real> --metadata metadata.json  does real data match the twin's schema?
  twin ladder   <data> [--dir DIR]               all three levels against one holdout, side by side
  twin audit    <real> <release folder>        every released figure against the real data
  twin sample   [--rows N] [--seed S] [--out FILE]

Run 'twin <command> --help' for a command's options.
Exit status: 0 ok, 1 bad input, 2 usage error.
Language: --lang cy (Welsh) or --lang en (English) before or after the command;
otherwise LC_ALL, LC_MESSAGES or LANG starting with cy chooses Welsh.
`, TOOL_VERSION);

export async function main(argv: string[], io: CommandIO): Promise<number> {
  let language;
  try {
    language = takeLanguage(argv, io.env ?? {});
  } catch (e) {
    // takeLanguage said it in the environment's language (LANG…, else English).
    io.stderr.write(`twin: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  setLanguage(language.language);
  const [command, ...rest] = language.argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(usage());
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  const handler = COMMANDS[command];
  try {
    // A signal while the CLI was loading (src/cli/cli.ts): nothing has started, nothing to leave.
    if (io.signal?.aborted) throw cancelledError();
    if (!handler) throw usageError(t("unknown command '{0}' (commands: {1}; see twin --help)", command, Object.keys(COMMANDS).join(', ')));
    await handler(rest, io);
    return 0;
  } catch (e) {
    if (isTwinError(e)) {
      if (e.kind === 'cancelled') {
        // A reader that closed stdout (`twin audit … | head -3`) has what it wanted: stop quietly.
        if (io.signal?.reason === STDOUT_CLOSED) return 0;
        io.stderr.write(t('twin: cancelled; no output was left behind') + '\n');
        return 130;
      }
      io.stderr.write(`twin: ${e.message}\n`);
      return e.kind === 'usage' ? 2 : 1;
    }
    // A bug, not bad input: one line, no stack trace, no data values.
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(t('twin: internal error: {0} (please report this)', message.split('\n')[0]) + '\n');
    return 1;
  }
}
