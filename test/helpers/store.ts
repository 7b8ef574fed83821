// Tests answer command lines through the Store boundary, as the bot does.
import type { Library } from '../../src/core/library.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import type { Store } from '../../src/core/store/types.js';

const stores = new WeakMap<Library, MemoryStore>();

/** The memory store over a library built by a test (one per library, so its caches are shared). */
export function memoryStore(lib: Library | Store): Store {
  if (!('byId' in lib)) return lib;
  let s = stores.get(lib);
  if (!s) stores.set(lib, (s = new MemoryStore(lib)));
  return s;
}
