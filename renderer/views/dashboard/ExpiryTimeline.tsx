import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipProps } from 'recharts';
import { TIMELINE_WEEKS, type DashboardData } from '../../../shared/domain/expiry.js';
import { formatNumber } from '../../app/format.js';
import { useLanguage } from '../../i18n/language.js';
import { useT } from '../../i18n/use-t.js';
import { chartData, chartSummary, weekLabels, type ChartRow, type Series } from './model.js';
import { useWidth } from './useWidth.js';

const CHART_HEIGHT = 232;

/**
 * One bar segment, drawn as a plain <rect> coloured by class (the stylesheet holds the palette for
 * both themes; recharts would write colours into attributes). Empty segments draw nothing.
 */
function segment(colour: number) {
  function Segment(props: unknown) {
    const { x, y, width, height } = props as { x?: number; y?: number; width?: number; height?: number };
    if (!height || height <= 0 || !width) return <g />;
    return <rect className={`dash-bar dash-series-${colour}`} x={x} y={y} width={width} height={height} />;
  }
  return Segment;
}

function TimelineTooltip({ active, payload, series }: TooltipProps<number, string> & { readonly series: readonly Series[] }) {
  const t = useT();
  const row = payload?.[0]?.payload as ChartRow | undefined;
  if (!active || !row) return null;
  const shown = series.filter((s) => Number(row[s.key] ?? 0) > 0);
  return (
    <div className="dash-tooltip">
      <p className="dash-tooltip-title">{t('dashboard:chart.weekOf', { week: row.label })}</p>
      {shown.length === 0 ? (
        <p className="muted">{t('dashboard:chart.nothingExpires')}</p>
      ) : (
        <ul>
          {shown.map((s) => (
            <li key={s.key}>
              <span className={`dash-swatch dash-series-${s.colour}`} aria-hidden="true" />
              <span className="dash-tooltip-name">{s.name}</span>
              <span className="dash-num">{formatNumber(Number(row[s.key]))}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * When the certificates in service expire, week by week for 26 weeks (week 0 starts today), stacked
 * by issuing authority. The chart is one image to assistive technology, with a summary as its name;
 * the same figures follow as a table only they read.
 */
export function ExpiryTimeline({ timeline }: { readonly timeline: DashboardData['timeline'] }) {
  const t = useT();
  const language = useLanguage().language;
  // The labels are dates in the window's language: made again when it changes.
  const labels = useMemo(() => weekLabels(timeline.start), [timeline.start, language]);
  const chart = useMemo(() => chartData(timeline, labels), [timeline, labels]);
  const [frame, width] = useWidth<HTMLDivElement>();
  const empty = chart.total === 0;

  return (
    <section className="card dash-card dash-timeline" aria-labelledby="dash-timeline-title">
      <header className="dash-card-head">
        <div>
          <h2 id="dash-timeline-title" className="dash-card-title">
            {t('dashboard:chart.title')}
          </h2>
          <p className="dash-card-sub">{t('dashboard:chart.sub', { weeks: TIMELINE_WEEKS })}</p>
        </div>
        {empty ? null : (
          <ul className="dash-legend" aria-label={t('dashboard:chart.legend')}>
            {chart.series.map((s) => (
              <li key={s.key}>
                <span className={`dash-swatch dash-series-${s.colour}`} aria-hidden="true" />
                <span className="dash-legend-name">{s.name}</span>
                <span className="dash-num muted">{formatNumber(s.total)}</span>
              </li>
            ))}
          </ul>
        )}
      </header>
      <div ref={frame} className={empty ? 'dash-chart is-empty' : 'dash-chart'} {...(empty ? {} : { role: 'img', 'aria-label': chartSummary(chart) })}>
        {empty ? (
          <p className="dash-none">{t('dashboard:chart.none', { weeks: TIMELINE_WEEKS })}</p>
        ) : width > 0 ? (
          <BarChart width={width} height={CHART_HEIGHT} data={chart.rows as ChartRow[]} margin={{ top: 6, right: 4, bottom: 0, left: -18 }} barCategoryGap="22%">
            <CartesianGrid vertical={false} className="dash-grid-lines" />
            {/* eslint-disable-next-line i18next/no-literal-string -- a recharts option, not words */}
            <XAxis dataKey="label" tickLine={false} interval="preserveStartEnd" minTickGap={14} className="dash-axis" />
            <YAxis allowDecimals={false} tickLine={false} axisLine={false} width={44} className="dash-axis" />
            <Tooltip isAnimationActive={false} content={(props: TooltipProps<number, string>) => <TimelineTooltip {...props} series={chart.series} />} />
            {chart.series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.name} stackId="expiring" maxBarSize={22} isAnimationActive={false} shape={segment(s.colour)} />
            ))}
          </BarChart>
        ) : null}
      </div>
      {empty ? null : (
        <table className="visually-hidden" aria-label={t('dashboard:chart.table')}>
          <caption>{t('dashboard:chart.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard:chart.weekColumn')}</th>
              {chart.series.map((s) => (
                <th key={s.key} scope="col">
                  {s.name}
                </th>
              ))}
              <th scope="col">{t('dashboard:chart.totalColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {chart.rows.map((row) => (
              <tr key={row.week}>
                <th scope="row">{row.label}</th>
                {chart.series.map((s) => (
                  <td key={s.key}>{formatNumber(Number(row[s.key] ?? 0))}</td>
                ))}
                <td>{formatNumber(row.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
