/** A stand-in for the browser's EventSource in tests (jsdom has none): it never emits. */
export class SilentEventSource {
  static readonly CLOSED = 2;
  readyState = 1;
  constructor(readonly url: string) {}
  addEventListener() {}
  close() {
    this.readyState = 2;
  }
}
