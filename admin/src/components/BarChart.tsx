// A small dependency-free SVG bar chart: stacked bars (e.g. net + fee) per bucket.
export interface BarSeries {
  key: string;
  label: string;
  className: string;
}

export interface BarDatum {
  label: string;
  values: Record<string, number>;
}

export function BarChart({
  data,
  series,
  format,
  title,
  height = 220,
  minMax = 1,
}: {
  data: BarDatum[];
  series: BarSeries[];
  format: (v: number) => string;
  title: string;
  height?: number;
  /** smallest top of the scale (e.g. 100 minor units = one major unit) */
  minMax?: number;
}) {
  const width = Math.max(320, data.length * 28 + 60);
  const left = 56;
  const bottom = 28;
  const top = 10;
  const plotH = height - bottom - top;
  const totals = data.map((d) => series.reduce((s, se) => s + Math.max(0, d.values[se.key] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals), minMax);
  const barW = Math.max(6, Math.min(40, (width - left - 10) / Math.max(1, data.length) - 6));
  const step = (width - left - 10) / Math.max(1, data.length);
  const ticks = [0, 0.5, 1].map((f) => f * max);
  const labelEvery = Math.ceil(data.length / 12);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width="100%" preserveAspectRatio="xMinYMin meet">
        {ticks.map((t) => {
          const y = top + plotH - (t / max) * plotH;
          return (
            <g key={t}>
              <line x1={left} x2={width - 5} y1={y} y2={y} className="gridline" />
              <text x={left - 4} y={y + 4} textAnchor="end" className="axis">
                {format(t)}
              </text>
            </g>
          );
        })}
        {data.map((d, i) => {
          let y = top + plotH;
          const x = left + i * step + (step - barW) / 2;
          return (
            <g key={d.label}>
              {series.map((se) => {
                const v = Math.max(0, d.values[se.key] ?? 0);
                const h = (v / max) * plotH;
                y -= h;
                return (
                  <rect key={se.key} x={x} y={y} width={barW} height={h} className={se.className}>
                    <title>{`${d.label} — ${se.label}: ${format(v)}`}</title>
                  </rect>
                );
              })}
              {i % labelEvery === 0 && (
                <text x={x + barW / 2} y={height - 10} textAnchor="middle" className="axis">
                  {d.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        {series.map((se) => (
          <span key={se.key} className="legend-item">
            <span className={`swatch ${se.className}`} aria-hidden="true" /> {se.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** A round top for the scale: 1, 2 or 5 times a power of ten, at least `floor`. */
export function niceMax(v: number, floor = 1): number {
  const x = Math.max(v, floor);
  const mag = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * mag >= x) return m * mag;
  return 10 * mag;
}
