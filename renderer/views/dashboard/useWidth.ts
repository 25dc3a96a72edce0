import { useEffect, useRef, useState } from 'react';

/**
 * The content width of an element, kept current with a ResizeObserver: the chart is drawn at a known
 * size (0 until measured) instead of through recharts' ResponsiveContainer.
 */
export function useWidth<E extends HTMLElement>() {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}
