// A list that only builds the rows in view: heights are estimated, then measured once a row has been shown, so
// rows of any height (an expanded tool call) work and a 20 000-row transcript costs what ~30 rows cost.
const ESTIMATE = 30;
const OVERSCAN = 10;

export class VirtualList {
  /**
   * @param viewport the scrolling element (fixed height, overflow auto)
   * @param renderItem (item, index) => Element
   */
  constructor(viewport, renderItem) {
    this.viewport = viewport;
    this.renderItem = renderItem;
    this.items = [];
    this.heights = [];
    this.offsets = [0]; // offsets[i] = top of item i; offsets[n] = total height
    this.validUpTo = 0; // offsets[0..validUpTo] are correct
    this.following = true;
    this.scheduled = false;
    this.built = new Map(); // index -> { item, element }: rows in view are kept, so focus and selection survive

    this.spacer = document.createElement('div');
    this.window = document.createElement('div');
    this.window.className = 'window';
    this.window.setAttribute('role', 'list');
    this.spacer.append(this.window);
    viewport.append(this.spacer);
    viewport.addEventListener('scroll', () => {
      // A person scrolling up stops following; scrolling back to the end resumes it.
      this.following = this.atEnd();
      this.schedule();
    });
    new ResizeObserver(() => this.schedule()).observe(viewport);
  }

  atEnd() {
    const v = this.viewport;
    return v.scrollHeight - v.scrollTop - v.clientHeight < 4;
  }

  append(items) {
    for (const item of items) {
      this.items.push(item);
      this.heights.push(ESTIMATE);
    }
    this.schedule();
  }

  /** The item at `index` changed (new content or expanded): re-measure it. */
  replace(index, item) {
    this.items[index] = item;
    this.invalidate(index);
  }

  /** Rebuilds and re-measures the row at `index` (its content or its expanded state changed). */
  invalidate(index) {
    this.built.delete(index);
    this.validUpTo = Math.min(this.validUpTo, index);
    this.schedule();
  }

  element(index) {
    const cached = this.built.get(index);
    if (cached && cached.item === this.items[index]) return cached.element;
    const element = this.renderItem(this.items[index], index);
    element.setAttribute('role', 'listitem');
    element.setAttribute('aria-posinset', String(index + 1));
    this.built.set(index, { item: this.items[index], element });
    return element;
  }

  /** Puts exactly `elements` in the window, in order, without detaching the ones already there. */
  show(elements) {
    const wanted = new Set(elements);
    for (const child of [...this.window.children]) if (!wanted.has(child)) child.remove();
    elements.forEach((element, k) => {
      const current = this.window.children[k];
      if (current !== element) this.window.insertBefore(element, current ?? null);
    });
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.render();
    });
  }

  computeOffsets() {
    const n = this.items.length;
    this.offsets.length = n + 1;
    for (let i = this.validUpTo; i < n; i++) this.offsets[i + 1] = this.offsets[i] + this.heights[i];
    this.validUpTo = n;
  }

  /** First index whose bottom is below `y`. */
  indexAt(y) {
    let low = 0;
    let high = this.items.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.offsets[mid + 1] <= y) low = mid + 1;
      else high = mid;
    }
    return Math.max(0, low);
  }

  render() {
    // Twice at most: the second pass places rows by the heights the first one measured.
    for (let pass = 0; pass < 2; pass++) {
      this.computeOffsets();
      const total = this.offsets[this.items.length];
      this.spacer.style.height = `${total}px`;
      if (this.following) this.viewport.scrollTop = total;
      const top = this.viewport.scrollTop;
      const bottom = top + this.viewport.clientHeight;
      const start = Math.max(0, this.indexAt(top) - OVERSCAN);
      let end = this.indexAt(bottom) + OVERSCAN;
      end = Math.min(this.items.length, end + 1);
      const elements = [];
      for (let i = start; i < end; i++) {
        const element = this.element(i);
        element.setAttribute('aria-setsize', String(this.items.length));
        elements.push(element);
      }
      for (const index of this.built.keys()) if (index < start || index >= end) this.built.delete(index);
      this.window.style.transform = `translateY(${this.offsets[start] ?? 0}px)`;
      this.show(elements);
      let changedFrom = Infinity;
      elements.forEach((element, k) => {
        const height = element.offsetHeight;
        if (height !== this.heights[start + k]) {
          this.heights[start + k] = height;
          changedFrom = Math.min(changedFrom, start + k);
        }
      });
      if (changedFrom === Infinity) break;
      this.validUpTo = Math.min(this.validUpTo, changedFrom);
    }
    this.viewport.dispatchEvent(new CustomEvent('rendered'));
  }
}
