// One clock for the whole process: recency, lifecycle and churn depend on "now", and tests must be able to set it.
let frozen: Date | null = null;

export const clock = {
  now(): Date {
    return frozen ? new Date(frozen.getTime()) : new Date();
  },
  /** Freeze time (tests, backtests). Pass null to follow the wall clock again. */
  set(at: Date | null): void {
    frozen = at ? new Date(at.getTime()) : null;
  },
};
