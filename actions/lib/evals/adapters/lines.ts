/** An adapter for a JSON Lines format: fed one parsed line at a time, in order. */
export interface LineAdapter {
  /** Throws ShapeError with a pointer into the line for a bad one. */
  line(value: unknown, line: number): void;
  /** After the last line, for formats whose cases are known only then: throws ShapeError
   * with the `line` it concerns. */
  finish?(): void;
}
