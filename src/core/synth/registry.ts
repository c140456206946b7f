import { inputError } from '../errors';
import { FIDELITY_LEVELS, type FidelityLevel, type Generator } from './generator';
import { structuralGenerator } from './structural';
import { statisticalGenerator } from './statistical';
import { copulaGenerator } from './copula';
import { cartGenerator } from './cart';
import { privbayesGenerator } from './privbayes';
import { t } from '../l10n';

/**
 * Every synthesis method, by level. A new method is a new file exporting a
 * `Generator` plus one line here. Within a level, the first entry is the default method.
 */
export const GENERATORS: readonly Generator[] = [
  structuralGenerator,
  statisticalGenerator,
  copulaGenerator,
  cartGenerator,
  privbayesGenerator,
];

/** Method names available at a level, default first. */
export function methodsFor(level: FidelityLevel): string[] {
  return GENERATORS.filter((g) => g.level === level).map((g) => g.method);
}

/** Whether a string is one of the fidelity levels. */
export function isFidelityLevel(value: string): value is FidelityLevel {
  return (FIDELITY_LEVELS as readonly string[]).includes(value);
}

/**
 * The generator for a level and (optional) method; without a method, the level's default
 * (structural → structural, statistical → statistical, correlated → copula), or with an
 * epsilon the level's first method that supports it (correlated → privbayes).
 * @throws TwinError('input') for an unknown level or a method not available at the level, listing the choices.
 */
export function findGenerator(level: string, method?: string, epsilon?: number): Generator {
  if (!isFidelityLevel(level)) {
    throw inputError(t('unknown level {0}; choose one of: {1}', JSON.stringify(level), FIDELITY_LEVELS.join(', ')));
  }
  const choices = GENERATORS.filter((g) => g.level === level);
  if (choices.length === 0) throw inputError(t('no method is available for level {0}', level));
  if (method === undefined) return (epsilon !== undefined && choices.find((g) => g.supportsEpsilon)) || choices[0];
  const found = choices.find((g) => g.method === method);
  if (!found) {
    const others = GENERATORS.filter((g) => g.method === method);
    const list = choices.map((g) => g.method).join(', ');
    throw inputError(others.length
      ? t('unknown method {0} for level {1} ({2} is a {3} method); choose one of: {4}', JSON.stringify(method), level, method, others[0].level, list)
      : t('unknown method {0} for level {1}; choose one of: {2}', JSON.stringify(method), level, list));
  }
  return found;
}
