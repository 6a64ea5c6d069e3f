/**
 * What a client has sent so far, kept contiguous so a parser can look at all of it, with a hard cap.
 * Appending grows the store by doubling, so a client dripping one byte at a time costs linear copying,
 * not a concat of everything per byte.
 */
const INITIAL_CAPACITY = 1024;

export class ReceivedBytes {
  private store: Buffer = Buffer.alloc(0);
  private length = 0;

  /** `maxBytes`: bytes kept in all; what arrives past it is dropped and `full` turns true. */
  constructor(private readonly maxBytes: number) {}

  /** Keeps as much of `chunk` as fits; returns how many of its bytes that was. */
  append(chunk: Buffer): number {
    const room = this.maxBytes - this.length;
    const taken = Math.min(room, chunk.length);
    if (taken > 0) {
      if (this.length + taken > this.store.length) {
        let capacity = Math.max(INITIAL_CAPACITY, this.store.length * 2);
        while (capacity < this.length + taken) capacity *= 2;
        const grown = Buffer.alloc(Math.min(capacity, this.maxBytes));
        this.store.copy(grown, 0, 0, this.length);
        this.store = grown;
      }
      chunk.copy(this.store, this.length, 0, taken);
      this.length += taken;
    }
    return taken;
  }

  /** The bytes kept, as a view (valid until the next append). */
  get bytes(): Buffer {
    return this.store.subarray(0, this.length);
  }

  get size(): number {
    return this.length;
  }

  get full(): boolean {
    return this.length >= this.maxBytes;
  }
}
