import { getBrowserServer } from './shared-browser';

export default async function globalTeardown(): Promise<void> {
  await getBrowserServer()?.close();
}
