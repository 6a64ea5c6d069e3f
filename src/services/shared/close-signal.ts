/**
 * A signal that aborts when a connection closes, for the waits that must not outlive it (a failed-login
 * delay, a tarpit drip). The controller behind it is made only when a wait first asks for the signal:
 * most connections never wait on anything, and a controller with its signal (an EventTarget) costs
 * each of them. A signal asked for after the close is already aborted.
 */

/**
 * The abort reason. `abort()` without one builds a DOMException, stack trace included, on every
 * connection: with one given, nothing is built.
 */
const CONNECTION_CLOSED = new Error('connection closed');

export class CloseSignal {
  private controller: AbortController | null = null;
  private closed = false;

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.closed) this.controller.abort(CONNECTION_CLOSED);
    return this.controller.signal;
  }

  /** The connection has closed: aborts every wait on the signal, now and later. */
  close(): void {
    this.closed = true;
    this.controller?.abort(CONNECTION_CLOSED);
  }
}
