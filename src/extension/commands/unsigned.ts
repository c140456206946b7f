/**
 * The one question asked before a twin or a pack is made from metadata whose sign-off does not
 * hold (core/review decides whether it holds): the safe choice, reviewing first, is the default.
 */
import { type Metadata, signOffHolds, t } from '../../core';
import type { CommandHost } from './host';

/** The safe first (default) choice of the warnings about unsigned metadata. */
export const REVIEW_FIRST = 'Review Metadata First';
/** REVIEW_FIRST in the display language. */
export const reviewFirst = (): string => t('Review Metadata First');

/** Why metadata does not carry a sign-off that holds, in plain words; null when it does. */
export function unsignedReason(metadata: Metadata | null): string | null {
  if (metadata !== null && signOffHolds(metadata)) return null;
  return !metadata ? t('the dataset has not been profiled and reviewed') : metadata.signOff ? t('the metadata was changed after it was signed off') : t('the metadata has not been signed off');
}

export interface UnsignedQuestion {
  /** The flow's name in "<action> not started: …" ("Generation", "Release pack"). */
  action: string;
  /** What is being made, for the log ("generating the statistical twin of x.csv"). */
  what: string;
  /** The question, ending with "although <why>?" (given the reason). */
  question(why: string): string;
  detail: string;
  /** The button that goes on without a sign-off, and going on in words ("generating anyway"). */
  goOn: string;
  goingOn: string;
  /** What to make again after reviewing ("generate", "create the pack"). */
  again: string;
  /** Opens the metadata for review (the Profile view). */
  review(): Promise<unknown>;
}

/**
 * Asks whether to go on without a sign-off that holds (unless `confirmed`); true to go on. The
 * warning is logged either way. "Review Metadata First" opens the Profile view and stops, saying why.
 */
export async function goOnUnsigned(host: CommandHost, why: string, confirmed: boolean | undefined, q: UnsignedQuestion): Promise<boolean> {
  host.services.log.warn(`${q.what} although ${why}`);
  if (confirmed) return true;
  // The safe choice comes first: it is the dialog's default (Enter).
  const review = reviewFirst();
  const choice = await host.prompts.warning(q.question(why), { modal: true, detail: q.detail }, review, q.goOn);
  if (choice === review) {
    await q.review();
    host.stop(q.action, t('the metadata is open for review in the Profile view; sign it off there, then {0} again', q.again), true);
    return false;
  }
  if (choice !== q.goOn) {
    host.stop(q.action, t('the metadata is not signed off and {0} was not chosen', q.goingOn), true);
    return false;
  }
  return true;
}
