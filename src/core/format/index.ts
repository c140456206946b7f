/** Value formats: read and write values exactly as the source wrote them. */
export type { RawValue } from './rawValue';
export { DEFAULT_MISSING_TOKENS, isMissing, missingTokenSet } from './missing';
export { parseNumberFast, parseNumberText, formatNumber } from './number';
export { parseDate, formatDate, daysFromCivil, daysInMonth, isSupportedDatePattern } from './date';
export { parseValue, formatValue } from './value';
