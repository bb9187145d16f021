/** Random ids in the shapes the platforms use (hex slugs, Snowflake-like digits). */
import crypto from 'node:crypto';

export const hex = (bytes: number) => crypto.randomBytes(bytes).toString('hex');
export const digits = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? 1 + crypto.randomInt(9) : crypto.randomInt(10))).join('');
