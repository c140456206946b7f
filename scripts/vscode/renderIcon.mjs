// Renders media/icons/icon.svg to the 128×128 media/icons/icon.png that the Marketplace
// manifest needs (vsce rejects SVG icons), with headless Chromium through playwright-core.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const svg = readFileSync(new URL('../../media/icons/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.locator('svg').screenshot({ path: new URL('../../media/icons/icon.png', import.meta.url).pathname, omitBackground: true });
await browser.close();
