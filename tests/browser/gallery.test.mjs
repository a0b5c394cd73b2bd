// A gallery in a real browser: the arrow keys move through its photos (each a page of its own,
// the address changing with it), every <img> of its pages has width, height and alt, axe-core
// finds no violation on the gallery, a photo's page or a "Photos of" page, and an editor builds
// a gallery in the newsroom from the media picker, orders it with the buttons and saves it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import { addUser, launchBrowser, screenshots, signIn, startServer } from "./harness.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const gallery = "/celebrity/2010/03/12/the-runaways-premiere-red-carpet";

let server;
let browser;
let context;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  page = await context.newPage();
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

async function axeViolations() {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await window.axe.run(document);
    return result.violations.map((v) => ({
      rule: v.id,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + n.failureSummary),
    }));
  });
}

async function imagesWithoutSize() {
  return page.$$eval("img", (images) => images
    .filter((img) => !img.hasAttribute("width") || !img.hasAttribute("height") || !img.hasAttribute("alt"))
    .map((img) => img.outerHTML));
}

test("the arrow keys move through the photos, one page and address each", async () => {
  await page.goto(server.url + gallery);
  await Promise.all([page.waitForURL(/\/photos\/1$/), page.keyboard.press("ArrowRight")]);
  assert.match(await page.locator(".gallery-position").innerText(), /Photo 1 of 6/i);
  await Promise.all([page.waitForURL(/\/photos\/2$/), page.keyboard.press("ArrowRight")]);
  await Promise.all([page.waitForURL(/\/photos\/3$/), page.keyboard.press("ArrowRight")]);
  assert.match(await page.locator(".gallery-position").innerText(), /Photo 3 of 6/i);
  assert.match(await page.locator(".gallery-people").innerText(), /Joan Jett/);
  await Promise.all([page.waitForURL(/\/photos\/2$/), page.keyboard.press("ArrowLeft")]);
  // The photo is loaded, laid out at its own proportions before it arrives (no layout shift).
  const box = await page.locator(".gallery-photo img").boundingBox();
  assert.ok(box.width > 300 && box.height > 300, JSON.stringify(box));
  // Typing in the search box is not a move.
  await page.locator("#site-search-q").focus();
  await page.keyboard.press("ArrowRight");
  await page.waitForTimeout(300);
  assert.match(page.url(), /\/photos\/2$/);
  // The last photo goes no further; from the first, back is the gallery itself.
  await page.goto(server.url + gallery + "/photos/6");
  await page.keyboard.press("ArrowRight");
  await page.waitForTimeout(300);
  assert.match(page.url(), /\/photos\/6$/);
  await page.goto(server.url + gallery + "/photos/1");
  await Promise.all([page.waitForURL((url) => url.pathname === gallery), page.keyboard.press("ArrowLeft")]);
});

test("a swipe across the photo goes to the next one", async () => {
  const touch = await browser.newContext({ viewport: { width: 390, height: 800 }, hasTouch: true, isMobile: true });
  const phone = await touch.newPage();
  await phone.goto(server.url + gallery + "/photos/2");
  await phone.locator("[data-gallery-viewer]").evaluate((viewer) => {
    const at = (x) => [new Touch({ identifier: 1, target: viewer, clientX: x, clientY: 300 })];
    viewer.dispatchEvent(new TouchEvent("touchstart", { touches: at(300), changedTouches: at(300), bubbles: true }));
    viewer.dispatchEvent(new TouchEvent("touchend", { touches: [], changedTouches: at(120), bubbles: true }));
  });
  await phone.waitForURL(/\/photos\/3$/);
  await touch.close();
});

test("gallery pages: every image sized and described, and no axe violations", async () => {
  for (const address of [gallery, gallery + "/photos/3", "/people/kristen-stewart/photos",
                         "/people/kristen-stewart",
                         "/celebrity/2010/06/25/eclipse-premiere-stewart-pattinson-lautner"]) {
    const response = await page.goto(server.url + address);
    assert.ok(response.ok(), address);
    assert.deepEqual(await imagesWithoutSize(), [], address);
    const found = await axeViolations();
    assert.deepEqual(found, [], `${address}:\n${JSON.stringify(found, null, 2)}`);
  }
  await page.goto(server.url + gallery + "/photos/3");
  await page.screenshot({ path: path.join(screenshots, "gallery.png") });
});

test("an editor builds a gallery from the library, orders it and saves it", async () => {
  const password = addUser(server, "gallery-editor@newsroom.test", "editor");
  const editor = await browser.newPage();
  await signIn(editor, server, "gallery-editor@newsroom.test", password);
  await editor.goto(server.url + "/admin/stories/new?kind=gallery");
  await editor.getByLabel("Headline").fill("Backstage at the premiere");
  for (const words of ["Dakota Fanning on the red carpet", "Michael Shannon, who plays Kim Fowley"]) {
    await editor.getByRole("button", { name: "Add photos from the library…" }).click();
    await editor.getByLabel("Search photos").fill(words);
    const item = editor.locator(".picker-item", { hasText: words }).first();
    await item.waitFor();
    await item.click();
  }
  const rows = editor.locator(".gallery-row");
  assert.equal(await rows.count(), 2);
  // Shannon first: move him up with the button, and the positions follow.
  await editor.getByRole("button", { name: "Move photo 2 up" }).click();
  assert.match(await rows.nth(0).locator("textarea").inputValue(), /Michael Shannon/);
  assert.equal(await rows.nth(0).locator(".photo-order").inputValue(), "1");
  await rows.nth(0).locator("textarea").fill("Michael Shannon backstage.");
  await Promise.all([editor.waitForURL(/\/admin\/stories\/\d+\?done=/),
                     editor.getByRole("button", { name: "Save", exact: true }).click()]);
  const saved = editor.locator(".gallery-row");
  assert.equal(await saved.count(), 2);
  assert.equal(await saved.nth(0).locator("textarea").inputValue(), "Michael Shannon backstage.");
  // The linker found him in the caption; the editor says he is in the photo, and saves again.
  const shannon = saved.nth(0).getByLabel("Michael Shannon");
  assert.match(await shannon.locator("option:checked").innerText(), /Suggested/);
  await shannon.selectOption({ label: "In the photo" });
  await Promise.all([editor.waitForURL(/\/admin\/stories\/\d+\?done=/),
                     editor.getByRole("button", { name: "Save", exact: true }).click()]);
  assert.equal(await editor.locator(".gallery-row").nth(0).getByLabel("Michael Shannon")
    .locator("option:checked").innerText(), "In the photo");
  await editor.close();
});
