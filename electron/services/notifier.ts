/** OS notifications. An interface so the expiry watch runs in plain Node; main.ts passes Electron's. */
export interface Notice {
  readonly title: string;
  readonly body: string;
  /** Something expires within the urgent threshold. */
  readonly urgent: boolean;
}

export interface Notifier {
  notify(notice: Notice): void;
}
