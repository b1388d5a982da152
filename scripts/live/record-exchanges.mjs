// Records HTTP answers of a live server into a fixtures folder, as the fixture server replays
// them (tests/support/recorded-folder.ts): `<name>.headers` (status line and headers, as
// received), `<name>.body` (the bytes as received), and `requests.json` (which request each
// answered). Used by record-zipkin.mjs and record-jaeger.mjs.
import fs from 'node:fs';
import path from 'node:path';

/** `exchanges`: name → [path, query parameters]. */
export async function recordExchanges(base, out, exchanges) {
  fs.mkdirSync(out, { recursive: true });
  const requests = {};
  for (const [name, [route, params]] of Object.entries(exchanges)) {
    const url = new URL(base + route);
    for (const [key, value] of Object.entries(params)) {
      url.searchParams.set(key, String(value));
    }
    // Uncompressed: fetch would unzip a gzip body and keep the header that says it is zipped.
    const res = await fetch(url, { headers: { accept: 'application/json', 'accept-encoding': 'identity' } });
    const body = Buffer.from(await res.arrayBuffer());
    const head = [`HTTP/1.1 ${res.status} ${res.statusText}`, ...[...res.headers].map(([k, v]) => `${k}: ${v}`)];
    fs.writeFileSync(path.join(out, `${name}.headers`), head.join('\n') + '\n');
    fs.writeFileSync(path.join(out, `${name}.body`), body);
    requests[name] = { path: route, params: Object.fromEntries(url.searchParams) };
    console.log(`${res.status} ${name} (${body.length} bytes)`);
  }
  fs.writeFileSync(path.join(out, 'requests.json'), JSON.stringify(requests, null, 2) + '\n');
  console.log(`recorded ${Object.keys(requests).length} answers of ${base} into ${out}`);
}
