import { useEffect, useRef, type Key, type ReactNode } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";

interface Props {
  count: number;
  rowHeight: number;
  rowKey: (index: number) => Key;
  renderRow: (index: number) => ReactNode;
  /** Called when the last row scrolls into view (to load the next page). */
  onEndReached?: () => void;
  testId: string;
  role?: string;
  ariaLabel?: string;
  ariaRowCount?: number;
}

/**
 * A fixed-height row list that renders only the rows in view (TanStack
 * Virtual), so tens of thousands of rows scroll smoothly. Styles: `.hscroll`
 * (the scroller), `.hspacer` (full height), `.hvrow` (one positioned row).
 */
export function VirtualList({ count, rowHeight, rowKey, renderRow, onEndReached, testId, role, ariaLabel, ariaRowCount }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (count > 0 && lastIndex >= count - 1) onEndReached?.();
  }, [lastIndex, count, onEndReached]);

  return (
    <div className="hscroll" ref={scrollRef} data-testid={testId} role={role} aria-label={ariaLabel} aria-rowcount={ariaRowCount}>
      <div className="hspacer" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((vi) => (
          <div key={rowKey(vi.index)} className="hvrow" style={{ transform: `translateY(${vi.start}px)` }}>
            {renderRow(vi.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
