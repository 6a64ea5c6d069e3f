/** `pause`: waits for a key; a remote line has already sent its keys, so it goes straight on. */
import { defineCmd } from '../command.js';

export const pauseCommand = defineCmd({
  name: 'pause',
  run: (ctx) => {
    ctx.stdout('Press any key to continue . . . \r\n');
    return 0;
  },
});
