/** `publish status`: the ledger as a table or JSON. */
import fs from 'node:fs';
import { dataPaths } from '../home.js';
import { Ledger } from '../ledger/ledger.js';
import { statusJson, statusTable } from '../pipeline/status.js';
import type { Flags, Io } from '../cli.js';
import { commandContext } from './context.js';

export async function statusCommand(_args: string[], flags: Flags, io: Io): Promise<number> {
  const { dataDir } = commandContext(flags);
  const file = dataPaths(dataDir).ledger;
  if (!fs.existsSync(file)) {
    io.stdout(flags.json ? '[]\n' : `Nothing published yet (no ledger at ${file}).\n`);
    return 0;
  }
  const ledger = Ledger.open(file);
  try {
    const rows = ledger.status();
    io.stdout(flags.json ? `${JSON.stringify(statusJson(rows), null, 2)}\n` : `${statusTable(rows)}\n`);
    return 0;
  } finally {
    ledger.close();
  }
}
