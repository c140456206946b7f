/**
 * metadata.json as released in a pack. Its figures are made by the disclosure rules when the
 * profile becomes metadata (profile/toMetadata and the rule modules of this folder), and each rule
 * applied is in its `controls`; this is the gate that marks that metadata as released, so the
 * pack's writer cannot be handed anything else (a profile, an edited copy).
 */
import { METADATA_FORMAT, type Metadata } from '../metadata';
import { withoutExcludedFigures } from './excludedColumns';
import { mintReleased, type Released } from './released';

/**
 * The pack's metadata as a released value.
 * @throws Error (internal) for an object that is not disclosure-controlled metadata (another format, no controls list).
 */
export function protectMetadata(metadata: Metadata): Released<Metadata> {
  if (metadata.format !== METADATA_FORMAT || !Array.isArray(metadata.controls)) {
    throw new Error('internal error: only disclosure-controlled metadata (twin-metadata/1 with its controls) can be released');
  }
  // A deep copy: the released value is frozen, and the caller's object stays its own. A column a
  // reviewer excluded leaves by name, type and format only.
  return mintReleased(JSON.parse(JSON.stringify(withoutExcludedFigures(metadata))) as Metadata);
}
