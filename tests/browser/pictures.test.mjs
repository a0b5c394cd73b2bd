// Pictures first in a real browser: cards and the story lead load the crop of their slot (its
// ratio exact), an editor's focal point and crop window change the crop readers are served, a
// photo pasted into the picker is uploaded, and a topic page shows its entity's photo with the
// credit (axe: no violations). Writes docs/screenshots/story.png and topic.png.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import { launchBrowser, screenshots, signIn, sourceDir, startServer } from "./harness.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const photoFile = path.join(sourceDir, "demo", "stories", "images", "kristen-stewart.jpg");
const story = "/celebrity/2009/07/22/stewart-and-fanning-spotted-filming-in-los-angeles";
// A 16:10 photo's story: its 16:9 crop moves up and down with the focal point.
const review = "/movies/2010/03/19/review-the-runaways";

let server;
let browser;

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  // The crops are made in the background after start-up: wait for the home lead's.
  for (let tries = 0; ; tries++) {
    const html = await (await fetch(server.url + "/")).text();
    if (/<section class="lead[^"]*"[\s\S]*?-16x9-/.test(html)) break;
    assert.ok(tries < 480, "the demo's crops are made");
    await new Promise((r) => setTimeout(r, 500));
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// What each loaded <img> shows: the file it chose and its natural size.
async function loadedImages(page) {
  const images = page.locator("main img");
  const count = await images.count();
  const out = [];
  for (let i = 0; i < count; i++) {
    const img = images.nth(i);
    await img.scrollIntoViewIfNeeded();
    for (let tries = 0; !(await img.evaluate((e) => e.complete && e.naturalWidth > 0)); tries++) {
      assert.ok(tries < 200, "image " + i + " loads");
      await page.waitForTimeout(25);
    }
    // The file's own pixels: with `w` descriptors, naturalWidth is divided by the chosen density.
    out.push(await img.evaluate(async (e) => {
      const file = await createImageBitmap(await (await fetch(e.currentSrc)).blob());
      return { src: e.currentSrc, w: file.width, h: file.height, cls: e.className,
               alt: e.getAttribute("alt"), width: e.getAttribute("width"),
               height: e.getAttribute("height") };
    }));
  }
  return out;
}

test("cards and the story lead load the crop of their slot, in AVIF", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.url + "/");
  const images = await loadedImages(page);
  const cropped = images.filter((i) => /-\d+x\d+-\d+-[0-9a-f]{8}\.avif$/.test(i.src));
  assert.ok(cropped.length >= 4, JSON.stringify(images.map((i) => i.src)));
  for (const i of images) {
    assert.ok(i.alt !== null && i.width && i.height, "every <img> has width, height and alt");
    const m = i.src.match(/-(\d+)x(\d+)-\d+-/);
    if (!m) continue;
    // The file the browser chose has the slot's ratio exactly.
    assert.equal(i.w * Number(m[2]), i.h * Number(m[1]), i.src);
    assert.ok(i.cls.includes(`crop-${m[1]}x${m[2]}`), i.cls);
  }
  const lead = images[0];
  assert.match(lead.src, /-16x9-/);
  assert.ok(images.slice(1).some((i) => /-1x1-/.test(i.src)), "list cards are square");

  // The story's lead: 16:9 on a desktop, 4:5 on a phone (once its crops are made).
  for (let tries = 0; !/-16x9-/.test(await (await fetch(server.url + story)).text()); tries++) {
    assert.ok(tries < 600, "the story's crops are made");
    await page.waitForTimeout(200);
  }
  await page.goto(server.url + story);
  const desktop = (await loadedImages(page))[0];
  assert.match(desktop.src, /-16x9-/);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(screenshots, "story.png") });
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const phonePage = await phone.newPage();
  await phonePage.goto(server.url + story);
  const narrow = (await loadedImages(phonePage))[0];
  assert.match(narrow.src, /-4x5-/);
  assert.equal(narrow.w * 5, narrow.h * 4);
  await phone.close();
  await context.close();
});

test("a focal point click and a dragged crop window change the crop readers get", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, server, server.email, server.password);
  // The story's lead photo, in the story editor's picker.
  const api = await (await page.request.get(server.url + "/api/v1/stories?limit=50")).json();
  const entry = api.data.find((s) => s.slug === "review-the-runaways");
  assert.ok(entry, "the demo story is listed");
  await page.goto(server.url + "/admin/stories/" + entry.id);
  const preview = page.locator("#lead_media-preview");
  await preview.waitFor();
  for (let tries = 0; !(await preview.evaluate((img) => img.complete && img.naturalWidth > 0)); tries++) {
    assert.ok(tries < 200, "the chosen photo loads");
    await page.waitForTimeout(25);
  }
  const servedLead = async () => {
    const html = await (await page.request.get(server.url + review)).text();
    return html.match(/<img src="([^"]+)"[^>]*class="focused/)[1];
  };
  const waitForChange = async (from) => {
    for (let tries = 0; ; tries++) {
      const now = await servedLead();
      if (now !== from) return now;
      assert.ok(tries < 600, "the served crop changes");
      await page.waitForTimeout(200);
    }
  };
  for (let tries = 0; !/-16x9-/.test(await servedLead()); tries++) {
    assert.ok(tries < 600, "the story's crops are made");
    await page.waitForTimeout(200);
  }
  const before = await servedLead();
  await preview.scrollIntoViewIfNeeded();
  let box = await preview.boundingBox();
  // High in the photo: the 16:9 crop of a 16:10 photo can only move up and down.
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.1);
  await page.getByText(/Focal point saved \(50% across, 10% down\)/).waitFor();
  const afterFocus = await waitForChange(before);
  assert.match(afterFocus, /-16x9-/);

  // The 16:9 crop: dragged across the left half of the photo.
  await page.getByRole("button", { name: "16:9 crop" }).click();
  assert.equal(await page.locator(".picker-crop").isVisible(), true, "the crop's window is shown");
  await preview.scrollIntoViewIfNeeded();
  box = await preview.boundingBox();
  await page.mouse.move(box.x + box.width * 0.05, box.y + box.height * 0.1);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.9, { steps: 5 });
  await page.mouse.up();
  await page.getByText(/The 16:9 crop keeps what you drew/).waitFor();
  await page.screenshot({ path: path.join(screenshots, "newsroom-crop-window.png"), fullPage: false });
  const media = (await (await page.request.get(server.url + "/api/v1/stories/" + entry.id)).json()).data.lead_media.id;
  const stored = (await (await page.request.get(server.url + "/admin/picker?id=" + media)).json()).items[0];
  const win = stored.crops["16:9"];
  assert.ok(win && win.x < 0.1 && win.x + win.width < 0.6, JSON.stringify(stored.crops));
  const afterWindow = await waitForChange(afterFocus);
  assert.match(afterWindow, /-16x9-/);
  // What the reader's browser loads is the window: the left of the photo.
  const reader = await browser.newPage();
  await reader.goto(server.url + review);
  const shown = (await loadedImages(reader))[0];
  assert.equal(shown.w * 9, shown.h * 16);
  await reader.close();

  // Back to the focal point.
  await page.getByRole("button", { name: "Back to the focal point" }).click();
  await page.getByText(/cut around the focal point again/).waitFor();
  assert.equal(await waitForChange(afterWindow), afterFocus);
  await context.close();
});

test("a photo pasted into the picker is uploaded after its alt text", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, server, server.email, server.password);
  await page.goto(server.url + "/admin/stories/new");
  await page.getByRole("button", { name: "Choose photo…" }).click();
  const dialog = page.getByRole("dialog", { name: "Choose the lead photo" });
  await dialog.waitFor();
  await page.locator("#picker-drop").waitFor();
  const bytes = readFileSync(photoFile).toString("base64");
  await page.locator("dialog.media-picker").evaluate((box, data) => {
    const raw = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([raw], "pasted.jpg", { type: "image/jpeg" }));
    box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, bytes);
  await page.getByLabel("Alt text (required)").fill("A pasted portrait in silhouette");
  await page.getByLabel("Caption", { exact: true }).fill("Pasted portrait");
  await page.getByRole("button", { name: "Upload and use" }).click();
  await dialog.waitFor({ state: "hidden" });
  assert.match(await page.locator("#lead_media option:checked").textContent(), /Pasted portrait/);
  await context.close();
});

test("a topic page shows its entity's photo with the credit, and has no axe violations", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(server.url + "/people/kristen-stewart");
  const figure = page.locator("figure.topic-image");
  await figure.waitFor();
  const img = figure.locator("img");
  for (let tries = 0; !(await img.evaluate((e) => e.complete && e.naturalWidth > 0)); tries++) {
    assert.ok(tries < 200, "the photo loads");
    await page.waitForTimeout(25);
  }
  const shown = await img.evaluate((e) => ({ w: e.naturalWidth, h: e.naturalHeight, src: e.currentSrc }));
  assert.match(shown.src, /-4x5-/);
  assert.equal(shown.w * 5, shown.h * 4);
  assert.equal(await figure.locator(".credit").textContent(), "Marquee demo illustration");
  assert.ok(await page.locator(".topic-photos img").count() >= 1, "the photos of its stories");
  await loadedImages(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(screenshots, "topic.png") });
  await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => (await window.axe.run(document)).violations.map(
    (v) => ({ rule: v.id, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) })));
  assert.deepEqual(found, [], JSON.stringify(found, null, 2));
  await context.close();
});
