import { inputError } from '../errors';
import { FIDELITY_LEVELS, type FidelityLevel, type Generator } from './generator';
import { structuralGenerator } from './structural';
import { statisticalGenerator } from './statistical';
import { copulaGenerator } from './copula';
import { cartGenerator } from './cart';
import { privbayesGenerator } from './privbayes';

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
    throw inputError(`unknown level ${JSON.stringify(level)}; choose one of: ${FIDELITY_LEVELS.join(', ')}`);
  }
  const choices = GENERATORS.filter((g) => g.level === level);
  if (choices.length === 0) throw inputError(`no method is available for level ${level}`);
  if (method === undefined) return (epsilon !== undefined && choices.find((g) => g.supportsEpsilon)) || choices[0];
  const found = choices.find((g) => g.method === method);
  if (!found) {
    const others = GENERATORS.filter((g) => g.method === method);
    const hint = others.length ? ` (${method} is a ${others[0].level} method)` : '';
    throw inputError(`unknown method ${JSON.stringify(method)} for level ${level}${hint}; choose one of: ${choices.map((g) => g.method).join(', ')}`);
  }
  return found;
}
