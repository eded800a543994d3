/** A tiny listener set: add returns its own unsubscribe; a throwing listener does not stop the others. */
export class Listeners<A extends unknown[]> {
  private readonly set = new Set<(...args: A) => void>();

  add(cb: (...args: A) => void): () => void {
    this.set.add(cb);
    return () => {
      this.set.delete(cb);
    };
  }

  emit(...args: A): void {
    for (const cb of [...this.set]) {
      try {
        cb(...args);
      } catch (err) {
        // A listener's bug must not break the link or the other listeners.
        console.error('listener failed:', err);
      }
    }
  }

  get size(): number {
    return this.set.size;
  }
}
