import { useT } from '../i18n/use-t.js';

interface ProgressBarProps {
  readonly label: string;
  /** What is happening now, in words. */
  readonly step: string;
  readonly done: number;
  readonly total: number;
}

/** A determinate progress bar (native <progress>, styled in CSS: no inline styles under our CSP). */
export function ProgressBar({ label, step, done, total }: ProgressBarProps) {
  const t = useT();
  const percent = Math.round((Math.min(done, total) / Math.max(total, 1)) * 100);
  return (
    <div className="progress">
      <div className="progress-head">
        <span className="progress-step" aria-live="polite">
          {/* Turning while work is under way: a slow first step (an RSA key, a big vault's first write) leaves the bar at 0 for seconds. */}
          {done < total ? <span className="spinner" aria-hidden="true" /> : null}
          {step}
        </span>
        <span className="progress-count">
          {t('app:progress.count', { done: Math.min(done, total), total })}
        </span>
      </div>
      <progress className="progress-bar" max={total} value={Math.min(done, total)} aria-label={label} aria-valuetext={t('app:progress.valueText', { step, percent })} />
    </div>
  );
}
