import type { Metadata } from '../metadata';
import type { ColumnSpec } from '../schema';
import type { Profile } from './types';

/** The column schema (name, type, format) of a metadata file or a profile, in source order. */
export function columnSpecsOf(source: Metadata | Profile): ColumnSpec[] {
  if (source.format === 'twin-profile/1') return source.columns.map((c) => ({ name: c.spec.name, type: c.spec.type, format: c.spec.format }));
  return source.columns.map((c) => ({ name: c.name, type: c.type, format: c.format }));
}
