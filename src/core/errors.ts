/** An error a researcher can act on: says what failed, in which file, and where in it. */
export class SeifError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    /** A place inside the file: "line 12", "row 40, column kwargs", "$.rounds[1].datasets". */
    readonly place?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SeifError';
  }

  /** One line: `file (place): message`. */
  override toString(): string {
    const where = this.file ? `${this.file}${this.place ? ` (${this.place})` : ''}: ` : '';
    return `${where}${this.message}`;
  }
}

export function describeError(e: unknown): string {
  if (e instanceof SeifError) return e.toString();
  if (e instanceof Error) return e.message;
  return String(e);
}
