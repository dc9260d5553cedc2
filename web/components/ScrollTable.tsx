import { Text } from '@mantine/core';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from '../lib/useTranslation';

/**
 * The one frame for tables that can be wider than the screen: the table scrolls sideways inside it,
 * shadows mark the hidden side, and while it overflows a hint says so and the box takes keyboard
 * focus (arrow keys scroll it) under an accessible name.
 */
export function ScrollTable({
  label,
  minWidth,
  children,
  testId,
}: {
  /** What the table is, e.g. "People": the region's accessible name. */
  label: string;
  /** Below this width the table scrolls instead of squeezing its columns. */
  minWidth?: number;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const hintId = useId();
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const check = () => setOverflows(box.scrollWidth > box.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div>
      {overflows && (
        <Text id={hintId} size="xs" c="dimmed" mb={4} data-testid="table-scroll-hint">
          <span aria-hidden="true">↔ </span>
          {t('common.scrollHint')}
        </Text>
      )}
      <div
        ref={ref}
        className="lpn-scroll"
        role="region"
        aria-label={label}
        aria-describedby={overflows ? hintId : undefined}
        tabIndex={overflows ? 0 : undefined}
        data-overflows={overflows}
        data-testid={testId ?? 'table-scroll'}
      >
        <div style={{ minWidth }}>{children}</div>
      </div>
    </div>
  );
}
