/** The operators `test`/`[` and `[[ … ]]` share (bash's unary and binary conditional expressions). */

/** Unary operators that look at a file (`-f path`, `-d path` …). */
export const FILE_TEST_OPERATORS: ReadonlySet<string> = new Set([
  '-a',
  '-b',
  '-c',
  '-d',
  '-e',
  '-f',
  '-g',
  '-h',
  '-k',
  '-p',
  '-r',
  '-s',
  '-t',
  '-u',
  '-w',
  '-x',
  '-G',
  '-L',
  '-N',
  '-O',
  '-S',
]);

/** Every unary operator: the file tests, string emptiness, shell options and variables. */
export const UNARY_TEST_OPERATORS: ReadonlySet<string> = new Set([
  ...FILE_TEST_OPERATORS,
  '-z',
  '-n',
  '-o',
  '-v',
  '-R',
]);

/** Binary operators both forms have; `test` adds `<` and `>`, `[[` adds `=~` (and takes `<`/`>` as tokens). */
export const BINARY_TEST_OPERATORS: readonly string[] = [
  '=',
  '==',
  '!=',
  '-eq',
  '-ne',
  '-lt',
  '-le',
  '-gt',
  '-ge',
  '-nt',
  '-ot',
  '-ef',
];
