/**
 * The dashboard's UI kit: plain DOM and SVG components themed by media/dashboard.css.
 * Views import only from here, so swapping the kit (e.g. for @vscode-elements) stays local.
 */
export { bandChip } from './band';
export { scoreCard, type ScoreCardProps } from './scoreCard';
export { histogramPair, type HistogramPairProps } from './histogramPair';
export { barPair, type BarPairProps } from './barPair';
export { heatmap, type HeatmapProps } from './heatmap';
export { intervalChart, type IntervalRow } from './intervalChart';
export { valueBars, type ValueBar } from './valueBars';
export { dataTable, type TableColumn } from './table';
export { tabStrip, type TabSpec } from './tabs';
export { legend } from './legend';
export type { Band, ReadingProps, AxisKind, SeriesNames } from './types';
