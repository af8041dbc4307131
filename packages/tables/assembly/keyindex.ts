// Index of a bounded per-key cache: 16-way set-associative over encoded keys (≤ 33 bytes), least recently used
// way evicted within a set, and a doorkeeper so that a key is admitted only when seen a second time (one-off
// keys never evict a repeated one). Capacity and memory are fixed at creation.
//
// Sixteen ways, because keys that come round in turn (a feed's authors, a relay's regulars) thrash a set that
// holds one more of them than it has ways: LRU then misses on every sighting. With 1000 such keys in 2048 slots,
// 4-way sets left about 13 % of sightings rebuilding tables (a set of 4 draws 5 or more keys with probability
// 5 %); at 16 ways practically none. Each slot keeps its key's hash, so a lookup compares words first.

const WAYS: i32 = 16;
/** Stored key: length byte then up to 35 bytes. */
export const KEY_SLOT: usize = 36;

export class KeyIndex {
  readonly sets: i32;
  readonly keys: usize;
  readonly hashes: usize;
  readonly stamps: usize;
  readonly door: usize;
  readonly doorMask: u32;
  readonly seed: u32;
  clock: u32 = 0;
  /** Slots used after this stamp are pinned (not evicted): the keys of the batch being assembled. */
  pinnedAfter: u32 = u32.MAX_VALUE;

  /** capacity: slots, rounded up to a power of two of at least 16. */
  constructor(capacity: i32, seed: u32) {
    let sets = 1;
    while (sets * WAYS < capacity) sets <<= 1;
    this.sets = sets;
    const slots = <usize>(sets * WAYS);
    this.keys = heap.alloc(slots * KEY_SLOT);
    this.hashes = heap.alloc(4 * slots);
    memory.fill(this.hashes, 0, 4 * slots);
    this.stamps = heap.alloc(4 * slots);
    memory.fill(this.stamps, 0, 4 * slots);
    this.doorMask = <u32>(sets * WAYS * 4 - 1);
    this.door = heap.alloc(4 * (<usize>this.doorMask + 1));
    memory.fill(this.door, 0, 4 * (<usize>this.doorMask + 1));
    this.seed = seed | 1;
  }

  get capacity(): i32 {
    return this.sets * WAYS;
  }

  /** Seeded FNV-1a; never 0, so a zero door entry means "nothing seen". */
  hash(key: usize, len: i32): u32 {
    let h: u32 = 0x811c9dc5 ^ this.seed;
    for (let i = 0; i < len; i++) h = (h ^ load<u8>(key + <usize>i)) * 0x01000193;
    return h | 1;
  }

  private matches(slot: i32, key: usize, len: i32): bool {
    const stored = this.keys + KEY_SLOT * <usize>slot;
    if (<i32>load<u8>(stored) != len) return false;
    return memory.compare(stored + 1, key, <usize>len) == 0;
  }

  /** The slot holding key, or −1. A hit marks the slot most recently used. */
  find(key: usize, len: i32): i32 {
    const h = this.hash(key, len);
    const set = <i32>(h & <u32>(this.sets - 1));
    for (let way = 0; way < WAYS; way++) {
      const slot = set * WAYS + way;
      if (load<u32>(this.hashes + 4 * <usize>slot) != h) continue;
      const stamp = this.stamps + 4 * <usize>slot;
      if (load<u32>(stamp) != 0 && this.matches(slot, key, len)) {
        store<u32>(stamp, ++this.clock);
        return slot;
      }
    }
    return -1;
  }

  /** After a miss: −1 on a first sighting; otherwise the slot now assigned to key (its previous key evicted). */
  admit(key: usize, len: i32): i32 {
    const h = this.hash(key, len);
    const d = this.door + 4 * <usize>(h & this.doorMask);
    const seen = load<u32>(d) == h;
    store<u32>(d, h);
    if (!seen) return -1;
    const set = <i32>(h & <u32>(this.sets - 1));
    let victim = -1;
    let oldest = this.pinnedAfter;
    for (let way = 0; way < WAYS; way++) {
      const slot = set * WAYS + way;
      const stamp = load<u32>(this.stamps + 4 * <usize>slot);
      if (stamp <= oldest) {
        victim = slot;
        oldest = stamp;
      }
    }
    if (victim < 0) return -1;
    const stored = this.keys + KEY_SLOT * <usize>victim;
    store<u8>(stored, <u8>len);
    memory.copy(stored + 1, key, <usize>len);
    store<u32>(this.hashes + 4 * <usize>victim, h);
    store<u32>(this.stamps + 4 * <usize>victim, ++this.clock);
    return victim;
  }
}

/**
 * A per-key cache: the index plus, per slot, the decoded point (pointBytes) and its precomputed table
 * (tableBytes, built by `build(table, point)` when a key is admitted). Empty until init: it finds and admits
 * nothing, and pinning does nothing.
 */
export class KeyCache {
  index: KeyIndex | null = null;
  points: usize = 0;
  tables: usize = 0;
  readonly pointBytes: usize;
  readonly tableBytes: usize;
  readonly build: (table: usize, point: usize) => void;

  constructor(pointBytes: usize, tableBytes: usize, build: (table: usize, point: usize) => void) {
    this.pointBytes = pointBytes;
    this.tableBytes = tableBytes;
    this.build = build;
  }

  /** Creates the index and the slots (once): capacity slots, rounded up as KeyIndex does. Returns that capacity. */
  init(capacity: i32, seed: u32): i32 {
    let index = this.index;
    if (index == null) {
      index = new KeyIndex(capacity, seed);
      this.index = index;
      this.points = heap.alloc(<usize>index.capacity * this.pointBytes);
      this.tables = heap.alloc(<usize>index.capacity * this.tableBytes);
    }
    return index.capacity;
  }

  /** The table of the key in slot (the cache exists). */
  tableAt(slot: i32): usize {
    return this.tables + <usize>slot * this.tableBytes;
  }

  /** While pinned, slots used from now on are not evicted (call around assembling one batch). */
  pin(on: bool): void {
    const index = this.index;
    if (index != null) index.pinnedAfter = on ? index.clock : u32.MAX_VALUE;
  }

  /** Slot of a cached key, its point copied to out; or −1. */
  find(key: usize, len: i32, out: usize): i32 {
    const index = this.index;
    if (index == null) return -1;
    const slot = index.find(key, len);
    if (slot >= 0) memory.copy(out, this.points + this.pointBytes * <usize>slot, this.pointBytes);
    return slot;
  }

  /** Offers a decoded key after a miss; returns its new slot (table built) or −1 when not admitted. */
  admit(key: usize, len: i32, point: usize): i32 {
    const index = this.index;
    if (index == null) return -1;
    const slot = index.admit(key, len);
    if (slot < 0) return -1;
    memory.copy(this.points + this.pointBytes * <usize>slot, point, this.pointBytes);
    this.build(this.tableAt(slot), point);
    return slot;
  }
}
