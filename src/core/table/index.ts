/** Loading a dataset into the typed in-memory table. */
export { loadTable } from './loadTable';
export type { LoadTableOptions, LoadedTable } from './loadTable';
