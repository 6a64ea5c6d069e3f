/** One schema change, written once per dialect. Versions are dense and never reused. */
export interface Migration {
  version: number;
  name: string;
  sqlite: string[];
  postgres: string[];
}
