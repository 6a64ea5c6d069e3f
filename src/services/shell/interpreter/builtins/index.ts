/** Every builtin the fake shell has, listed explicitly (STYLE.md "Register explicitly"). */
import type { Builtin } from '../shell.js';
import { alias, unalias } from './alias.js';
import { cd, pwd } from './cd.js';
import { echo } from './echo.js';
import {
  breakBuiltin,
  colon,
  continueBuiltin,
  exit,
  falseBuiltin,
  logout,
  returnBuiltin,
  trueBuiltin,
} from './flow.js';
import { history } from './history.js';
import { foreground, jobs, wait } from './jobs.js';
import { printf } from './printf.js';
import { read } from './read.js';
import { evalBuiltin, exec, source } from './source.js';
import { help, let_, makeBuiltin, makeEnable, shopt, times, trap, ulimit, umask } from './system.js';
import { test } from './test.js';
import { hash, makeCommand, makeType } from './type.js';
import { declare, exportBuiltin, local, readonlyBuiltin, set, shift, unset } from './variables.js';

const table = new Map<string, Builtin>([
  [':', colon],
  ['true', trueBuiltin],
  ['false', falseBuiltin],
  ['cd', cd],
  ['pwd', pwd],
  ['echo', echo],
  ['printf', printf],
  ['export', exportBuiltin],
  ['readonly', readonlyBuiltin],
  ['unset', unset],
  ['declare', declare],
  ['typeset', declare],
  ['local', local],
  ['set', set],
  ['shift', shift],
  ['read', read],
  ['eval', evalBuiltin],
  ['source', source],
  ['.', source],
  ['exec', exec],
  ['exit', exit],
  ['logout', logout],
  ['return', returnBuiltin],
  ['break', breakBuiltin],
  ['continue', continueBuiltin],
  ['alias', alias],
  ['unalias', unalias],
  ['history', history],
  ['hash', hash],
  ['test', test],
  ['[', test],
  ['wait', wait],
  ['jobs', jobs],
  ['fg', foreground],
  ['bg', foreground],
  ['umask', umask],
  ['ulimit', ulimit],
  ['trap', trap],
  ['let', let_],
  ['shopt', shopt],
  ['times', times],
  ['help', help],
]);

const names = new Set([...table.keys(), 'type', 'command', 'builtin', 'enable']);
table.set('type', makeType(names));
table.set('command', makeCommand(names));
table.set('builtin', makeBuiltin(table));
table.set('enable', makeEnable(names));

export const BUILTINS: ReadonlyMap<string, Builtin> = table;

/** Builtins that are also programs in /usr/bin: `env echo`, `sudo echo` and `/bin/echo` still work without a CommandSpec. */
export const ALSO_EXTERNAL: ReadonlySet<string> = new Set([
  'echo',
  'printf',
  'test',
  '[',
  'true',
  'false',
  'pwd',
]);
