/**
 * What jsdom lacks for `@grafana/flamegraph` to draw: a 2D canvas context (jsdom has none),
 * element sizes (jsdom lays nothing out: every size is 0), Path2D and ResizeObserver. The context
 * records the text the flame graph draws, so a test can find its labels on the canvas; the
 * drawing itself is the package's own code.
 */
export const LAYOUT_WIDTH = 1200;
export const LAYOUT_HEIGHT = 800;

export interface CanvasRecording {
  texts: string[];
  restore(): void;
}

export function installJsdomLayout(): CanvasRecording {
  const texts: string[] = [];
  const context = new Proxy(
    {
      fillText: (text: string) => texts.push(text),
      measureText: (text: string) => ({ width: text.length * 7 }),
      createLinearGradient: () => ({ addColorStop: () => undefined }),
    } as Record<string | symbol, unknown>,
    {
      // Every other method draws nothing; every property can be set.
      get: (target, key) => (key in target ? target[key] : () => undefined),
      set: (target, key, value) => {
        target[key] = value;
        return true;
      },
    }
  );
  const canvasContext = jest
    .spyOn(HTMLCanvasElement.prototype, 'getContext')
    .mockImplementation(() => context as unknown as CanvasRenderingContext2D);
  const sizes = (['offsetWidth', 'clientWidth', 'offsetHeight', 'clientHeight'] as const).map((key) => {
    const size = key.endsWith('Width') ? LAYOUT_WIDTH : LAYOUT_HEIGHT;
    return jest.spyOn(HTMLElement.prototype, key, 'get').mockReturnValue(size);
  });
  const rect = jest.spyOn(Element.prototype, 'getBoundingClientRect').mockReturnValue({
    x: 0, y: 0, top: 0, left: 0, width: LAYOUT_WIDTH, height: LAYOUT_HEIGHT, right: LAYOUT_WIDTH, bottom: LAYOUT_HEIGHT,
    toJSON: () => ({}),
  }); // prettier-ignore
  return {
    texts,
    restore() {
      canvasContext.mockRestore();
      sizes.forEach((size) => size.mockRestore());
      rect.mockRestore();
    },
  };
}

// Installed on import, before the flame graph's modules load: react-use's useMeasure looks for
// ResizeObserver once, when it is first imported. Import this module before `@grafana/flamegraph`.
const globals = globalThis as unknown as Record<string, unknown>;
/** Paths of rectangles, filled by the context above (which draws nothing). */
globals.Path2D ??= class {
  rect() {}
  roundRect() {}
};
/** Reports the element's (mocked) size once, when observed. */
globals.ResizeObserver ??= class {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    const contentRect = target.getBoundingClientRect();
    this.callback([{ target, contentRect } as ResizeObserverEntry], this as unknown as ResizeObserver);
  }
  unobserve() {}
  disconnect() {}
};
