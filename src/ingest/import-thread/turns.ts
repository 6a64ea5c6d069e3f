/**
 * Whose turn it is, among the import threads, to read the next batch of the file and to commit the
 * next batch, in shared memory. Batch `b` is read and committed by thread `b % threads`; reads pass on
 * in batch order (each starts where the last one stopped) and so do commits, so the database always
 * holds a prefix of the file and the cursor committed with a batch is where a resumed import starts.
 * Between its read and its commit a thread plans its batch while the others read, plan or commit theirs.
 * Where the database lets two transactions write at once (PostgreSQL), a batch may also append its
 * rows before its commit turn, in append turns, which pass on in batch order too (see appendRows).
 */
export class BatchTurns {
  private readonly slots: Int32Array;
  private readonly offset: BigInt64Array;

  /** A shared buffer for `BatchTurns`: the first read starts at 0 unless `startAt` says otherwise. */
  static create(): SharedArrayBuffer {
    return new SharedArrayBuffer(BUFFER_BYTES);
  }

  constructor(buffer: SharedArrayBuffer) {
    this.slots = new Int32Array(buffer, 0, SLOTS);
    this.offset = new BigInt64Array(buffer, OFFSET_AT, 1);
  }

  /** Where the first batch is read from; only before any thread reads. */
  startAt(offset: number): void {
    Atomics.store(this.offset, 0, BigInt(offset));
  }

  /** Waits until `batch` may be read and returns the offset to read it from; null once the file ended or an import thread failed. */
  async awaitRead(batch: number): Promise<number | null> {
    if (!(await this.await(READ_TURN, batch))) return null;
    return Number(Atomics.load(this.offset, 0));
  }

  /** Batch `batch` was read up to `next`: the following batch may be read from there. */
  passRead(batch: number, next: number): void {
    Atomics.store(this.offset, 0, BigInt(next));
    this.set(READ_TURN, batch + 1);
  }

  /** The file has no more lines: every thread waiting to read stops. */
  endInput(): void {
    this.setState(ENDED);
  }

  /** Waits until `batch` may be committed: every earlier batch is. False once an import thread failed. */
  awaitCommit(batch: number): Promise<boolean> {
    return this.await(COMMIT_TURN, batch);
  }

  passCommit(batch: number): void {
    this.set(COMMIT_TURN, batch + 1);
  }

  /** Waits until `batch` may append its rows: every earlier batch has. False once an import thread failed. */
  awaitAppend(batch: number): Promise<boolean> {
    return this.await(APPEND_TURN, batch);
  }

  passAppend(batch: number): void {
    this.set(APPEND_TURN, batch + 1);
  }

  /**
   * The write-ahead log has grown long: the next thread to commit should start it over (see the import
   * thread's commit turn). Set by the thread that checkpoints the log as it goes.
   */
  requestLogRestart(): void {
    Atomics.store(this.slots, LOG_RESTART, 1);
  }

  get logRestartRequested(): boolean {
    return Atomics.load(this.slots, LOG_RESTART) === 1;
  }

  logRestarted(): void {
    Atomics.store(this.slots, LOG_RESTART, 0);
  }

  /** A batch could not be stored: nothing after it may be, so every thread stops at its next turn. */
  fail(): void {
    this.setState(FAILED);
  }

  get failed(): boolean {
    return Atomics.load(this.slots, STATE) === FAILED;
  }

  private set(slot: number, value: number): void {
    Atomics.store(this.slots, slot, value);
    Atomics.notify(this.slots, slot);
  }

  private setState(state: number): void {
    // A failure is final; an end of input does not undo it.
    Atomics.compareExchange(this.slots, STATE, RUNNING, state);
    Atomics.notify(this.slots, READ_TURN);
    Atomics.notify(this.slots, COMMIT_TURN);
    Atomics.notify(this.slots, APPEND_TURN);
  }

  private async await(slot: number, batch: number): Promise<boolean> {
    for (;;) {
      const state = Atomics.load(this.slots, STATE);
      if (state === FAILED || (state === ENDED && slot === READ_TURN)) return false;
      const turn = Atomics.load(this.slots, slot);
      if (turn === batch) return true;
      const wait = Atomics.waitAsync(this.slots, slot, turn);
      if (!wait.async) continue;
      // A pending waitAsync does not keep a thread's event loop alive; the thread would exit mid-import.
      const keepAlive = setInterval(() => undefined, KEEP_ALIVE_MS);
      try {
        await wait.value;
      } finally {
        clearInterval(keepAlive);
      }
    }
  }
}

/**
 * Int32 slots: whose read turn it is, whose commit turn, the import's state, whose append turn, and
 * whether the write-ahead log should be started over.
 */
const READ_TURN = 0;
const COMMIT_TURN = 1;
const STATE = 2;
const APPEND_TURN = 3;
const LOG_RESTART = 4;
const SLOTS = 5;
/** The offset the next read starts at, after the slots (8-byte aligned). */
const OFFSET_AT = Math.ceil((SLOTS * 4) / 8) * 8;
const BUFFER_BYTES = OFFSET_AT + 8;

const RUNNING = 0;
const ENDED = 1;
const FAILED = 2;

const KEEP_ALIVE_MS = 60_000;
