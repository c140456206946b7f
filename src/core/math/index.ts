// The core's statistics, written once: descriptive statistics, ranks, association measures,
// the fast normal distribution of the copula and jstat's distributions for everything else.
export { RunningMoments, quantileSorted, medianSorted, median, mean, sampleSd, meanSd } from './describe';
export { sortNumbers, averageRanks } from './ranks';
export { pearson, spearman, cramersV, cramersVOfCells, correlationRatio } from './association';
export { normalCdf, normalQuantile } from './normal';
export { normalInv, twoSidedZ } from './distributions';
export { lowerBound } from './search';
