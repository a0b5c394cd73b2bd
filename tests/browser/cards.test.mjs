// The reader's lists in a real browser: the home page's cards show their photos at the size the
// slot asks for, reserve their space before the photo arrives (no layout shift), load the lead
// first and the rest lazily, and fit a phone. Writes docs/screenshots/home.png.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";

import { launchBrowser, screenshots, startServer } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  mkdirSync(screenshots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Each card photo's box before and after the photos load, and what the browser picked.
async function photoBoxes(page) {
  return page.locator(".card-photo img").evaluateAll((all) =>
    all.map((img) => {
      const box = img.getBoundingClientRect();
      return { width: box.width, height: box.height, top: box.top + window.scrollY,
               loading: img.getAttribute("loading"), current: img.currentSrc,
               natural: img.naturalWidth };
    }));
}

test("home page cards show their photos without shifting the page, on desktop and phone", async () => {
  for (const [width, height] of [[1360, 1000], [390, 844]]) {
    // bypassCSP: the site allows no eval, which waitForFunction needs to poll in the page.
    const context = await browser.newContext({ viewport: { width, height }, bypassCSP: true });
    const page = await context.newPage();
    // Photos held back: the page's layout must already have room for them.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route("**/media/*.{jpg,webp}", async (route) => { await held; await route.continue(); });
    await page.goto(server.url + "/", { waitUntil: "domcontentloaded" });
    const before = await photoBoxes(page);
    assert.ok(before.length >= 3, "the demo's home page has cards with photos");
    for (const box of before) {
      assert.ok(box.width > 0 && box.height > 0, "a photo's box is sized before it loads");
    }
    release();
    await page.waitForFunction(() =>
      [...document.querySelectorAll(".card-photo img")].slice(0, 1).every((img) => img.complete && img.naturalWidth > 0));
    // Down the page a screen at a time, as a reader would: the lazy photos load as they near.
    const pageHeight = await page.evaluate(() => document.body.scrollHeight);
    for (let y = 0; y < pageHeight; y += height / 2) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.waitForTimeout(50);
    }
    await page.waitForFunction(() =>
      [...document.querySelectorAll(".card-photo img")].every((img) => img.complete && img.naturalWidth > 0));
    await page.evaluate(() => window.scrollTo(0, 0));
    const loaded = await photoBoxes(page);
    for (let i = 0; i < before.length; ++i) {
      assert.equal(Math.round(loaded[i].height), Math.round(before[i].height), "no layout shift");
      assert.equal(Math.round(loaded[i].top), Math.round(before[i].top), "no layout shift");
      assert.ok(loaded[i].natural > 0, "the photo loaded");
      // The rendition chosen is about the slot's size, not the largest one: a whole-photo
      // rendition ("-640.jpg") until the crops are made, then the slot's crop ("-1x1-640-….avif").
      const chosen = Number(loaded[i].current.match(/-(?:\d+x\d+-)?(\d+)(?:-[0-9a-f]{8})?\.(jpg|webp|avif)$/)[1]);
      assert.ok(chosen <= Math.max(640, loaded[i].width * 2 * 2), `rendition ${chosen}w for a ${loaded[i].width}px slot`);
    }
    assert.equal(loaded[0].loading, null, "the lead is not lazy");
    assert.ok(loaded.slice(1).every((b) => b.loading === "lazy"), "the rest are");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `nothing scrolls sideways at ${width}px`);
    if (width > 1000) {
      await page.screenshot({ path: path.join(screenshots, "home.png") });
    }
    await context.close();
  }
});
