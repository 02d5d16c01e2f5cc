/** Something the fast reader does not handle (a type, an encoding, a nesting): the caller falls back to hyparquet. */
export class Unsupported extends Error {
  constructor(what: string) {
    super(`fast parquet path does not handle ${what}`);
    this.name = 'Unsupported';
  }
}
