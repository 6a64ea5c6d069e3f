import {
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from 'kysely';
import { BOOLEAN_COLUMNS, JSON_COLUMNS } from './schema.js';

/**
 * Lets application code hand native objects, arrays and booleans to Kysely and get them back, on both
 * dialects. Going in: an object or array value becomes JSON text (PostgreSQL's driver would otherwise
 * turn a JS array into a PostgreSQL array literal, and SQLite cannot bind objects at all) and, on SQLite,
 * a boolean becomes 0/1. Coming out on SQLite: JSON columns are parsed and boolean columns become
 * booleans (PostgreSQL's driver already returns both natively).
 */
export class ValueCodecPlugin implements KyselyPlugin {
  private readonly encoder: ValueEncoder;

  constructor(private readonly dialect: 'sqlite' | 'postgres') {
    this.encoder = new ValueEncoder(dialect);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.encoder.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.dialect === 'sqlite') for (const row of args.result.rows) decodeSqliteRow(row);
    return args.result;
  }
}

export function encodeValue(value: unknown, dialect: 'sqlite' | 'postgres'): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'boolean') return dialect === 'sqlite' ? (value ? 1 : 0) : value;
  if (typeof value === 'object' && !Buffer.isBuffer(value) && !(value instanceof Date)) {
    return JSON.stringify(value);
  }
  return value;
}

/** Decodes one SQLite row in place. Exported for the raw-statement fast paths. */
export function decodeSqliteRow(row: Record<string, unknown>): void {
  for (const key in row) {
    const value = row[key];
    if (typeof value === 'string' && JSON_COLUMNS.has(key)) row[key] = JSON.parse(value);
    else if (typeof value === 'number' && BOOLEAN_COLUMNS.has(key)) row[key] = value !== 0;
  }
}

class ValueEncoder extends OperationNodeTransformer {
  constructor(private readonly dialect: 'sqlite' | 'postgres') {
    super();
  }

  protected override transformValue(node: ValueNode): ValueNode {
    const encoded = encodeValue(node.value, this.dialect);
    return encoded === node.value ? node : { ...node, value: encoded };
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    const values = node.values.map((v) => encodeValue(v, this.dialect));
    return { ...node, values: Object.freeze(values) };
  }
}
