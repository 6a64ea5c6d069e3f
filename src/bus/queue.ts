/**
 * A FIFO with a cap: pushing onto a full queue drops the oldest entry (and says so). Shifting is O(1)
 * amortised, unlike `Array.prototype.shift` on a 100k-entry backlog.
 */
export class BoundedQueue<T> {
  private items: T[] = [];
  private head = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`queue limit must be a positive integer, got ${limit}`);
  }

  get length(): number {
    return this.items.length - this.head;
  }

  /** Appends; returns the entry dropped to make room, if any. */
  push(item: T): T | undefined {
    let dropped: T | undefined;
    if (this.length >= this.limit) dropped = this.shift();
    this.items.push(item);
    return dropped;
  }

  /**
   * Puts an entry back at the front (a redelivery: it is older than everything queued). May exceed the
   * limit by the entries in flight, which were counted against it when they were queued.
   */
  unshift(item: T): void {
    if (this.head > 0) {
      this.head--;
      this.items[this.head] = item;
    } else {
      this.items.unshift(item);
    }
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined as T;
    this.head++;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
