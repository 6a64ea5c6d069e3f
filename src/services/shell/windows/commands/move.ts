/** `move`: moves or renames files and directories. */
import { defineCmd } from '../command.js';
import { transfer } from './copy.js';

export const moveCommand = defineCmd({
  name: 'move',
  run: (ctx) => transfer(ctx, 'move'),
});
