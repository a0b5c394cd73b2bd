// Every kind of reader page in a real browser: axe-core finds no violation (its default rules and
// label-content-name-mismatch), every <img> has width, height and alt (alt empty only on an image
// marked decorative), and the page does not shift as it loads (the layout-shift entries the
// browser records add up to nothing). Also the clip page's player with its captions, and
// docs/screenshots/clip.png.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";

import { axeViolations, launchBrowser, screenshots, sourceDir, startServer } from "./harness.mjs";

let server;
let browser;
let context;
let page;

// Each page type once; a topic page of every kind the demo's graph has.
const readerPages = [
  ["/", "home"],
  ["/movies", "section"],
  ["/movies?page=1", "section, first page by number"],
  ["/movies/2010/03/19/review-the-runaways", "story with a lead photo"],
  ["/movies/2010/07/21/runaways-exclusive-clip", "story with a clip"],
  ["/people/kristen-stewart", "topic: person"],
  ["/films/the-runaways-film", "topic: film"],
  ["/shows/boardwalk-empire", "topic: show"],
  ["/bands/the-runaways-band", "topic: band"],
  ["/songs/cherry-bomb", "topic: song"],
  ["/albums/the-runaways-album", "topic: album"],
  ["/characters/joan-jett-character", "topic: character"],
  ["/organizations/the-twilight-saga", "topic: organization"],
  ["/events/sundance-2010", "topic: event"],
  ["/authors/maya-okafor", "author"],
  ["/tags/Kristen%20Stewart", "tag"],
  ["/search", "search without words"],
  ["/search?q=stewart", "search with results"],
  ["/search?q=zzqxwv", "search without results"],
  ["/about-the-demo", "plain page"],
  ["/clips/CLIP", "clip page"],
  ["/no/such/page/here", "404", 404],
];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  mkdirSync(screenshots, { recursive: true });
  // A plain page, made through the API as an editor would.
  const token = execFileSync(process.env.MARQUEE_BIN,
    ["token", "create", "--data", server.dataDir, "--user", server.email, "--name", "reader test"],
    { cwd: sourceDir, encoding: "utf8" }).trim();
  const made = await fetch(server.url + "/api/v1/stories", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: "Bearer " + token },
    body: JSON.stringify({ kind: "page", headline: "About the demo", status: "published",
                           body: "Marquee's demo site: **original** stories, photos and a clip." }),
  });
  assert.equal(made.status, 201, await made.text());
  const story = await (await fetch(server.url + "/movies/2010/07/21/runaways-exclusive-clip")).text();
  const clip = story.match(/href="\/clips\/(\d+)"/);
  assert.ok(clip, "the clip story links its clip page");
  for (const entry of readerPages) entry[0] = entry[0].replace("CLIP", clip[1]);
  // axe is added to each page as a script of the test's own, which the pages' CSP would refuse.
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  // Layout shifts from the very start of each page, kept where the test can read them.
  await context.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) window.__shifts.push(entry.value);
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  page = await context.newPage();
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

const violations = () => axeViolations(page);

// Images without a size or an alt attribute; an empty alt only on an image marked decorative.
async function imageProblems() {
  return page.locator("img").evaluateAll((all) => all.flatMap((img) => {
    const problems = [];
    for (const name of ["width", "height"]) {
      const value = img.getAttribute(name);
      if (!value || !(Number(value) > 0)) problems.push(`${img.currentSrc || img.src}: no ${name}`);
    }
    const alt = img.getAttribute("alt");
    const decorative = img.getAttribute("role") === "presentation" || img.getAttribute("aria-hidden") === "true";
    if (alt === null) problems.push(`${img.src}: no alt attribute`);
    else if (alt.trim() === "" && !decorative) problems.push(`${img.src}: empty alt on an image not marked decorative`);
    return problems;
  }));
}

test("every reader page type has no axe violations, sized images with alt text and no layout shift", async () => {
  let images = 0;
  for (const [address, name, status = 200] of readerPages) {
    const response = await page.goto(server.url + address, { waitUntil: "load" });
    assert.equal(response.status(), status, `${name}: HTTP ${response.status()}`);
    // Every image in, lazy ones too, so that a late one cannot shift the page unseen.
    const height = await page.evaluate(() => document.body.scrollHeight);
    for (let y = 0; y < height; y += 450) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.waitForTimeout(30);
    }
    await page.waitForFunction(() => [...document.images].every((img) => img.complete));
    await page.evaluate(() => window.scrollTo(0, 0));
    const found = await violations();
    assert.deepEqual(found, [], `${name} (${address}):\n${JSON.stringify(found, null, 2)}`);
    assert.deepEqual(await imageProblems(), [], `${name} (${address})`);
    images += await page.locator("img").count();
    const shift = await page.evaluate(() => window.__shifts.reduce((a, b) => a + b, 0));
    assert.ok(shift < 0.001, `${name} (${address}): layout shift ${shift}`);
  }
  assert.ok(images >= 20, `the pages show photos (${images} images)`);
});

test("the clip page plays the clip with its captions and a poster of the player's size", async () => {
  const clipPage = readerPages.find(([, name]) => name === "clip page")[0];
  await page.goto(server.url + clipPage);
  const video = page.locator("video");
  const box = await video.boundingBox();
  assert.ok(box.width > 300 && box.height > 150, "the player has its size before it plays");
  // The browser reads the WebVTT file itself: its cues arrive through the track element.
  const cues = await page.evaluate(async () => {
    const track = document.querySelector("track");
    track.track.mode = "showing";
    if (track.readyState !== 2) {
      await new Promise((resolve, reject) => {
        track.addEventListener("load", resolve, { once: true });
        track.addEventListener("error", reject, { once: true });
      });
    }
    return [...track.track.cues].map((cue) => [cue.startTime, cue.endTime, cue.text]);
  });
  assert.equal(cues.length, 4);
  assert.deepEqual(cues[0], [0, 3.5, "[A low, steady tone begins]"]);
  const poster = await video.getAttribute("poster");
  const width = Number(poster.match(/-(\d+)\.jpg$/)[1]);
  assert.ok(width <= 1024 && width >= Math.min(640, box.width), `poster ${width}w for a ${box.width}px player`);
  // The player's loading mark gone, for the picture.
  await page.waitForFunction(() => document.querySelector("video").readyState >= 1);
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(screenshots, "clip.png") });
});
