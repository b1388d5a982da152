import { browserSession } from './support/session';

const session = browserSession();

describe('Errors in Chromium', () => {
  it("shows a proxy's HTML 502 page as a readable error, not as HTML", async () => {
    const page = await session.open({ view: 'query', mode: 'traceId', ds: 'html-502', theme: 'dark' });
    await page.getByRole('textbox', { name: 'Trace ID' }).fill('948fa8de1f33f0601aecb1973e1c20bb');
    await page.getByRole('textbox', { name: 'Trace ID' }).press('Enter');

    const alert = page.getByRole('alert', { name: 'Query failed' });
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toMatch(/HTML page \("502 Bad Gateway"\) \(HTTP 502 Bad Gateway\), not Tempo's API/);
    expect(text).not.toMatch(/<\/?(html|center|h1)>/);
    expect(await page.getByRole('status').innerText()).toMatch(/Error/);
    await session.finish(page, 'error-html-502-dark');
  });
});
