/**
 * A one-slot hand-over between a producer and an `AsyncIterable` consumer: `push` resolves once
 * the consumer has taken the item, so the producer never runs more than one item ahead and
 * memory stays bounded. Used to feed several table writers from one pass over person batches.
 */
export class Channel<T> implements AsyncIterable<T> {
  private _item: { value: T } | null = null;
  private _closed = false;
  private _failed: unknown = undefined;
  private _wakeConsumer: (() => void) | null = null;
  private _wakeProducer: (() => void) | null = null;

  async push(value: T): Promise<void> {
    if (this._failed !== undefined) throw this._failed;
    this._item = { value };
    this._wakeConsumer?.();
    this._wakeConsumer = null;
    await new Promise<void>((resolve) => { this._wakeProducer = resolve; });
    if (this._failed !== undefined) throw this._failed;
  }

  close(): void {
    this._closed = true;
    this._wakeConsumer?.();
    this._wakeConsumer = null;
  }

  /** The consumer stopped (e.g. its writer failed): the producer's next push throws `reason`. */
  fail(reason: unknown): void {
    this._failed = reason ?? new Error('channel failed');
    this._wakeProducer?.();
    this._wakeProducer = null;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this._item === null) {
        if (this._closed) return;
        await new Promise<void>((resolve) => { this._wakeConsumer = resolve; });
        continue;
      }
      const { value } = this._item;
      this._item = null;
      this._wakeProducer?.();
      this._wakeProducer = null;
      yield value;
    }
  }
}
