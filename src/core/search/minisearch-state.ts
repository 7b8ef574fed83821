// A MiniSearch as plain data (Maps, arrays) for a library snapshot, and back.
// MiniSearch's own toJSON/loadJS turn every posting map into an object and back,
// which costs more than the build it saves at our sizes; v8.serialize takes the
// maps as they are. This reads and fills MiniSearch 7's fields (as loadJS does;
// not part of its typed API): the snapshot's key holds MiniSearch's version, so a
// snapshot of another version is never loaded into it.
import MiniSearch, { type Options } from 'minisearch';
import type SearchableMap from 'minisearch/SearchableMap';

/** MiniSearch 7's fields that hold the index (its options are given again when restored: they hold functions). */
interface Fields {
  _index: SearchableMap<unknown>;
  _documentCount: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _nextId: number;
  _storedFields: Map<number, unknown>;
  _dirtCount: number;
}

export interface MiniSearchState {
  tree: unknown;
  prefix: string;
  documentCount: number;
  documentIds: Map<number, unknown>;
  idToShortId: Map<unknown, number>;
  fieldIds: Record<string, number>;
  fieldLength: Map<number, number[]>;
  avgFieldLength: number[];
  nextId: number;
  storedFields: Map<number, unknown>;
  dirtCount: number;
}

export function miniSearchState<T>(ms: MiniSearch<T>): MiniSearchState {
  const f = ms as unknown as Fields;
  const index = f._index as unknown as { _tree: unknown; _prefix: string };
  return {
    tree: index._tree,
    prefix: index._prefix,
    documentCount: f._documentCount,
    documentIds: f._documentIds,
    idToShortId: f._idToShortId,
    fieldIds: f._fieldIds,
    fieldLength: f._fieldLength,
    avgFieldLength: f._avgFieldLength,
    nextId: f._nextId,
    storedFields: f._storedFields,
    dirtCount: f._dirtCount,
  };
}

/** The MiniSearch of a state, with the options it was built with. */
export function miniSearchFromState<T>(s: MiniSearchState, options: Options<T>): MiniSearch<T> {
  if (!(s.tree instanceof Map) || !(s.documentIds instanceof Map) || !(s.fieldLength instanceof Map)) throw new Error('search snapshot: not a MiniSearch state');
  const ms = new MiniSearch<T>(options);
  const f = ms as unknown as Fields;
  const fieldIds = f._fieldIds;
  if (JSON.stringify(fieldIds) !== JSON.stringify(s.fieldIds)) throw new Error('search snapshot: other fields');
  // SearchableMap(tree, prefix) is its (internal) constructor for a subtree; MiniSearch's own copy of the class.
  const Tree = f._index.constructor as new (tree: unknown, prefix: string) => SearchableMap<unknown>;
  f._index = new Tree(s.tree, s.prefix);
  f._documentCount = s.documentCount;
  f._documentIds = s.documentIds;
  f._idToShortId = s.idToShortId;
  f._fieldLength = s.fieldLength;
  f._avgFieldLength = s.avgFieldLength;
  f._nextId = s.nextId;
  f._storedFields = s.storedFields;
  f._dirtCount = s.dirtCount;
  return ms;
}
