import type { Metadata } from '../metadata';
import { DEFAULT_DISCLOSURE } from '../metadata';
import { t } from '../l10n';

/**
 * Why metadata may not be used as it stands because of its threshold k, or null. A reviewer may
 * raise k freely; a k below the default (DESIGN.md: k = 10) is honoured only when the reviewer's
 * decisions record it, so a hand edit of `disclosure.threshold` cannot lower it unnoticed.
 */
export function thresholdProblem(metadata: Metadata): string | null {
  const k = metadata.disclosure?.threshold;
  if (typeof k !== 'number' || !Number.isFinite(k)) return t('the metadata has no threshold k');
  if (k >= DEFAULT_DISCLOSURE.threshold) return null;
  if (metadata.decisions?.threshold === k) return null;
  return t('its threshold k = {0} is below the default {1} and no reviewer\'s decision records it; review it again with that threshold', k, DEFAULT_DISCLOSURE.threshold);
}
