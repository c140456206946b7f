import { inputError } from '../errors';
import { t } from '../l10n';

/**
 * Converts a date pattern in LDML letters (the subset `core/format/date.ts` supports) to a
 * strptime format for the starter code: Python's `datetime.strptime` / `pd.to_datetime(format=)`
 * or R's `as.Date` / `as.POSIXct(format=)`.
 *
 * yyyy→%Y, MM/M→%m, dd/d→%d, MMM/NNN→%b, MMMM→%B, HH/H→%H, hh/h→%I, a→%p, mm→%M, ss→%S;
 * fractions of a second: Python `%f` (after the seconds and their separator), R `%OS` in place of
 * `ss.SSS` (R reads fractional seconds only that way); quoted text is literal and `%` is doubled.
 * Month names are English abbreviations, as in the C locale both languages default to.
 * @throws TwinError('input') for letters the tool's date formats do not support.
 */
export function ldmlToStrptime(pattern: string, language: 'python' | 'r'): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "'") {
      if (pattern[i + 1] === "'") { out += "'"; i += 2; continue; }
      let j = i + 1;
      for (;;) {
        const k = pattern.indexOf("'", j);
        if (k < 0) throw inputError(t('date pattern {0} has an unclosed quote', JSON.stringify(pattern)));
        out += literal(pattern.slice(j, k));
        if (pattern[k + 1] === "'") { out += "'"; j = k + 2; continue; }
        i = k + 1;
        break;
      }
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) { out += literal(ch); i++; continue; }
    let j = i;
    while (j < pattern.length && pattern[j] === ch) j++;
    const run = j - i;
    i = j;
    switch (ch) {
      case 'y': out += '%Y'; break;
      case 'M': out += run <= 2 ? '%m' : run === 3 ? '%b' : '%B'; break;
      case 'N': out += '%b'; break;
      case 'd': out += '%d'; break;
      case 'H': out += '%H'; break;
      case 'h': out += '%I'; break;
      case 'a': out += '%p'; break;
      case 'm': out += '%M'; break;
      case 's': {
        // R: `ss.SSS` is one field, %OS (seconds with their fraction).
        const frac = /^[.,](S+)/.exec(pattern.slice(i));
        if (language === 'r' && frac) { out += '%OS'; i += 1 + frac[1].length; } else out += '%S';
        break;
      }
      case 'S': out += language === 'python' ? '%f' : '%OS'; break;
      default:
        throw inputError(t('date pattern {0}: "{1}" has no strptime equivalent', JSON.stringify(pattern), ch.repeat(run)));
    }
  }
  return out;
}

function literal(text: string): string {
  return text.replace(/%/g, '%%');
}
