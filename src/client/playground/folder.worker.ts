/// <reference lib="webworker" />
/**
 * Reads a picked project folder off the page's thread: the page lists the files
 * (path, size, time, and the File for the few whose text the engine reads); here
 * those texts are read and hashed, and every file becomes a context entry, sent
 * back in batches (./folder-scan.ts). The page ends it with terminate() to cancel.
 * It makes no network request: the folder's files go to the page, nowhere else.
 */
import { FolderScan, listedItem, type FolderRequest, type ScanMessage } from './folder-scan';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: ScanMessage) => scope.postMessage(m);

let scan: FolderScan | null = null;
// Messages are handled in order, each once the one before has been read.
let queue: Promise<void> = Promise.resolve();

async function handle(req: FolderRequest): Promise<void> {
  if (req.type === 'begin') scan = new FolderScan(post, req.total);
  else if (req.type === 'items') {
    if (scan?.running) await scan.add(req.items.map(listedItem));
  } else {
    scan?.setTotal(req.total);
    scan?.finish();
  }
}

scope.onmessage = (event: MessageEvent<FolderRequest>) => {
  const req = event.data;
  queue = queue.then(() => handle(req)).catch((e: unknown) => {
    scan = null;
    post({ type: 'failed', message: `Stagecraft could not read the folder (${(e as Error)?.message ?? String(e)}). Nothing was kept; try picking it again.` });
  });
};
