/**
 * The dashboard's UI kit: form controls, tabs and tables from @vscode-elements/elements
 * (controls.ts, table.ts), and plain DOM and SVG charts themed by media/dashboard.css.
 * Views import only from here.
 */
export { bandChip } from './band';
export { scoreCard, type ScoreCardProps } from './scoreCard';
export { histogramPair, type HistogramPairProps } from './histogramPair';
export { barPair, type BarPairProps } from './barPair';
export { heatmap, type HeatmapProps } from './heatmap';
export { intervalChart, type IntervalRow } from './intervalChart';
export { valueBars, type ValueBar } from './valueBars';
export { dataTable, type TableColumn } from './table';
export { button, checkbox, select, tabs, textField, type ButtonOptions, type TabSpec, type TextFieldOptions } from './controls';
export { legend } from './legend';
export { figuresTable } from './figures';
export type { Band, ReadingProps, AxisKind, SeriesNames } from './types';
