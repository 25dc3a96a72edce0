/** What `operation.cancel` answers. */
export interface CancelResult {
  /** True when an operation ran under that id and was asked to stop; false when none did (it had finished). */
  readonly cancelling: boolean;
}
