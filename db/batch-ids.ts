import { randomFillSync } from "node:crypto";
import { V7Generator } from "uuidv7";

/*
 * UUIDv7 ids for rows a batch inserts by the thousand (a renewal chunk: invoices, lines, schedules,
 * entries). The same generator as `uuidv7()` (monotonic, time-ordered), with its random bits drawn
 * 16 KB at a time: the package's default draws 32 bytes per crypto call, one call every two or three
 * ids, and each is a syscall-priced call here.
 *
 * The text form is written into a reused 36-byte buffer and read out as one flat string: the
 * package's toString() appends 36 characters one by one, which leaves a chain of ~24 rope nodes per
 * id for the garbage collector and for every join that flattens it (half a million ids per run).
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

const HEX = Buffer.from("0123456789abcdef", "latin1");
/** Where each byte's two hex digits go in 8-4-4-4-12 form. */
const AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const text = Buffer.from("00000000-0000-0000-0000-000000000000", "latin1");

export const batchId = (): string => {
  const bytes = generator.generate().bytes;
  for (let i = 0; i < 16; i++) {
    const at = AT[i];
    text[at] = HEX[bytes[i] >>> 4];
    text[at + 1] = HEX[bytes[i] & 15];
  }
  return text.toString("latin1", 0, 36);
};
