declare module 'parse-prometheus-text-format' {
  /** Metric families as the library parses them from the text exposition format. */
  export default function parsePrometheusTextFormat(text: string): unknown[];
}
