/** A labelled character span of a text, end exclusive. */
export interface Span {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}
