/**
 * Plain SVG charts: no library (a few hundred bytes against tens of kilobytes), each an image
 * with a title and a description for screen readers, and always shown beside a table holding
 * the same figures.
 */
export interface Series {
  label: string;
  /** A CSS colour (a custom property of styles.css). */
  color: string;
  values: number[];
}

export interface GroupedBarsProps {
  id: string;
  title: string;
  description: string;
  categories: string[];
  series: Series[];
  height?: number;
}

/** Vertical bars, one group per category (week), one bar per series. */
export function GroupedBars({ id, title, description, categories, series, height = 180 }: GroupedBarsProps) {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const group = 14 * series.length + 10;
  const left = 28;
  const bottom = 22;
  const width = left + categories.length * group + 8;
  const plot = height - bottom - 8;
  const ticks = niceTicks(max);
  return (
    <figure class="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${width} ${height}`}
        width={Math.min(width, 680)}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {ticks.map((tick) => {
          const y = 8 + plot - (tick / ticks[ticks.length - 1]!) * plot;
          return (
            <g key={tick}>
              <line x1={left} x2={width} y1={y} y2={y} class="chart__grid" />
              <text x={left - 4} y={y + 3} class="chart__tick" text-anchor="end">
                {tick}
              </text>
            </g>
          );
        })}
        {categories.map((category, i) => (
          <g key={category} transform={`translate(${left + i * group + 6},0)`}>
            {series.map((s, j) => {
              const value = s.values[i] ?? 0;
              const h = (value / ticks[ticks.length - 1]!) * plot;
              return <rect key={s.label} x={j * 14} y={8 + plot - h} width={12} height={h} fill={s.color} rx={2} />;
            })}
            <text x={(group - 10) / 2} y={height - 6} class="chart__tick" text-anchor="middle">
              {category.slice(5)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption class="chart__legend">
        {series.map((s) => (
          <span key={s.label} class="chart__key">
            <span class="chart__swatch" style={{ background: s.color }} aria-hidden="true" />
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** A small bar inside a table cell, beside the number it shows (decorative: the number says it). */
export function InlineBar({ value, max, color = 'var(--accent)' }: { value: number; max: number; color?: string }) {
  const width = max > 0 ? Math.max(2, Math.round((value / max) * 80)) : 0;
  return (
    <svg class="chart__inline" width={82} height={10} aria-hidden="true" focusable="false">
      <rect x={0} y={1} width={width} height={8} rx={2} fill={color} />
    </svg>
  );
}

/** 1, 2 or 5 times a power of ten, so the axis reads round numbers. */
export function niceTicks(max: number, count = 4): number[] {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? power * 10;
  const stepInt = Math.max(1, Math.ceil(step));
  const out: number[] = [];
  for (let v = 0; v < max + stepInt; v += stepInt) {
    out.push(v);
    if (v >= max) break;
  }
  return out;
}
