/** A map holding at most `max` entries, dropping the least recently used. */
export class LruMap<K, V> {
  private map = new Map<K, V>();
  constructor(
    private readonly max: number,
    private readonly onDrop?: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V) {
    const old = this.map.get(key);
    if (old !== undefined) {
      this.map.delete(key);
      this.onDrop?.(key, old);
    }
    this.map.set(key, value);
    while (this.map.size > this.max) {
      const first = this.map.keys().next().value as K;
      const v = this.map.get(first)!;
      this.map.delete(first);
      this.onDrop?.(first, v);
    }
  }

  delete(key: K) {
    const v = this.map.get(key);
    if (v === undefined) return;
    this.map.delete(key);
    this.onDrop?.(key, v);
  }

  clear() {
    this.map.clear();
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }
}
