import type { DatasetMetadata, ForeignKey } from '../../dataset/types';
import type { LinkSpec } from './plan';

/** The links generation follows: every foreign key a person did not reject. */
export function linksOf(metadata: DatasetMetadata): LinkSpec[] {
  return metadata.relationships.foreignKeys
    .filter((fk) => fk.status !== 'rejected')
    .map((fk: ForeignKey) => ({ parentTable: fk.parent.table, parentKey: fk.parent.column, childTable: fk.child.table, childKey: fk.child.column, optional: fk.optional }));
}
