import { randomFillSync } from "node:crypto";
import { V7Generator } from "uuidv7";

/*
 * UUIDv7 ids for rows a batch inserts by the thousand (a renewal chunk: invoices, lines, schedules,
 * entries). The same generator as `uuidv7()` (monotonic, time-ordered), with its random bits drawn
 * 16 KB at a time: the package's default draws 32 bytes per crypto call, one call every two or three
 * ids, and each is a syscall-priced call here.
 */
const pool = new Uint32Array(4096);
let cursor = pool.length;
const generator = new V7Generator({
  nextUint32() {
    if (cursor >= pool.length) {
      randomFillSync(pool);
      cursor = 0;
    }
    return pool[cursor++];
  },
});

export const batchId = (): string => generator.generate().toString();
