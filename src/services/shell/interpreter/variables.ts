/**
 * Shell variables with bash's attributes (exported, readonly, integer) and dynamic scoping: a function's
 * `local` variables shadow the caller's until it returns (bash(1) "FUNCTIONS"). Names and values are
 * byte strings. Bounded in count and in the size of each value.
 */

export interface Variable {
  /** Undefined for a declared but unset variable (`local x`, `export X` before X is set). */
  value: string | undefined;
  exported: boolean;
  readonly: boolean;
  integer: boolean;
}

/** Thrown when a variable would break a bound; the interpreter stops the command line. */
export class VariableLimitError extends Error {
  constructor(readonly variable: string) {
    super(`variable limit reached at ${variable}`);
    this.name = 'VariableLimitError';
  }
}

/** Thrown on assignment to a readonly variable (the caller prints `bash: X: readonly variable`). */
export class ReadonlyVariableError extends Error {
  constructor(readonly variable: string) {
    super(`${variable}: readonly variable`);
    this.name = 'ReadonlyVariableError';
  }
}

export const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class Variables {
  /** Scope 0 is global; each function call pushes one. Records are replaced, never mutated. */
  private scopes: Array<Map<string, Variable>>;

  constructor(
    private readonly maxVariables: number,
    private readonly maxValueBytes: number,
    scopes?: Array<Map<string, Variable>>,
  ) {
    this.scopes = scopes ?? [new Map()];
  }

  /** A copy for a subshell: later changes on either side are not seen by the other. */
  clone(): Variables {
    return new Variables(
      this.maxVariables,
      this.maxValueBytes,
      this.scopes.map((s) => new Map(s)),
    );
  }

  /** A fresh shell's variables: only what is exported, as a child process receives them. */
  exportedOnly(): Variables {
    const global = new Map<string, Variable>();
    for (const [name, value] of this.exportedEntries()) {
      global.set(name, { value, exported: true, readonly: false, integer: false });
    }
    return new Variables(this.maxVariables, this.maxValueBytes, [global]);
  }

  get depth(): number {
    return this.scopes.length - 1;
  }

  pushScope(): void {
    this.scopes.push(new Map());
  }

  popScope(): void {
    if (this.scopes.length > 1) this.scopes.pop();
  }

  /** The innermost record for `name`, whether set or only declared. */
  lookup(name: string): Variable | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const found = this.scopes[i]?.get(name);
      if (found) return found;
    }
    return undefined;
  }

  get(name: string): string | undefined {
    return this.lookup(name)?.value;
  }

  private scopeOf(name: string): Map<string, Variable> {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const scope = this.scopes[i] as Map<string, Variable>;
      if (scope.has(name)) return scope;
    }
    return this.scopes[0] as Map<string, Variable>;
  }

  private count(): number {
    let n = 0;
    for (const scope of this.scopes) n += scope.size;
    return n;
  }

  private store(scope: Map<string, Variable>, name: string, record: Variable): void {
    if (!scope.has(name) && this.count() >= this.maxVariables) throw new VariableLimitError(name);
    if (record.value !== undefined && record.value.length > this.maxValueBytes)
      throw new VariableLimitError(name);
    scope.set(name, record);
  }

  /** Assigns where the variable is visible (dynamic scope), or globally when it is new. */
  set(name: string, value: string, attributes: Partial<Omit<Variable, 'value'>> = {}): void {
    const scope = this.scopeOf(name);
    const old = scope.get(name);
    if (old?.readonly) throw new ReadonlyVariableError(name);
    this.store(scope, name, {
      value,
      exported: attributes.exported ?? old?.exported ?? false,
      readonly: attributes.readonly ?? false,
      integer: attributes.integer ?? old?.integer ?? false,
    });
  }

  /** `local name[=value]`: declares in the innermost function scope. */
  declareLocal(name: string, value: string | undefined): void {
    const scope = this.scopes[this.scopes.length - 1] as Map<string, Variable>;
    const old = scope.get(name);
    if (old?.readonly) throw new ReadonlyVariableError(name);
    const outer = this.lookup(name);
    this.store(scope, name, {
      value: value ?? (old ? old.value : undefined),
      exported: old?.exported ?? false,
      readonly: false,
      integer: old?.integer ?? outer?.integer ?? false,
    });
  }

  /** Changes attributes (export, readonly, integer) without changing the value. */
  setAttributes(name: string, attributes: Partial<Omit<Variable, 'value'>>): void {
    const scope = this.scopeOf(name);
    const old = scope.get(name);
    this.store(scope, name, {
      value: old?.value,
      exported: attributes.exported ?? old?.exported ?? false,
      readonly: attributes.readonly ?? old?.readonly ?? false,
      integer: attributes.integer ?? old?.integer ?? false,
    });
  }

  /** False when the variable is readonly (bash: `unset: X: cannot unset: readonly variable`). */
  unset(name: string): boolean {
    const scope = this.scopeOf(name);
    const old = scope.get(name);
    if (old?.readonly) return false;
    if (scope === this.scopes[0]) scope.delete(name);
    else if (old) scope.set(name, { ...old, value: undefined });
    return true;
  }

  /** Every visible variable, innermost scope winning, sorted by name (`set`, `declare -p`). */
  entries(): Array<[string, Variable]> {
    const merged = new Map<string, Variable>();
    for (const scope of this.scopes) for (const [name, v] of scope) merged.set(name, v);
    return [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Exported variables with a value: a child process's environment. */
  exportedEntries(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const [name, v] of this.entries())
      if (v.exported && v.value !== undefined) out.push([name, v.value]);
    return out;
  }
}
