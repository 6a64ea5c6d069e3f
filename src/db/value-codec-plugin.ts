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
import { decodeSqliteRow, encodeValue } from './value-codec.js';

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
