// Photos and clips in a real browser: an editor uploads a photo and a clip, gives the photo its
// alt text, publishes a story with both, and the public story shows the picture (srcset) and a
// clip that the browser can load and seek (byte ranges). Screenshots go to docs/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";

import { launchBrowser, screenshots, signIn, sourceDir, startServer } from "./harness.mjs";

const photoFile = path.join(sourceDir, "demo", "stories", "images", "runaways-sundance.jpg");
const clipFile = path.join(sourceDir, "tests", "data", "media", "clip-h264-aac.mp4");

let server;
let browser;

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Uploads one file through the library's form and returns the new item's id.
async function upload(page, file, details) {
  await page.goto(server.url + "/admin/media");
  await page.getByLabel("Photo or clip").setInputFiles(file);
  for (const [label, value] of Object.entries(details)) await page.getByLabel(label).fill(value);
  await Promise.all([
    page.waitForURL(/\/admin\/media\/\d+\?uploaded=1$/),
    page.getByRole("button", { name: "Upload" }).click(),
  ]);
  await assert.doesNotReject(page.getByRole("status").waitFor());
  return Number(new URL(page.url()).pathname.split("/").pop());
}

test("an editor uploads a photo and a clip and publishes them in a story", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("dialog", (dialog) => dialog.accept());
  await signIn(page, server, server.email, server.password);

  // A photo uploaded without alt text: the library marks it.
  const photo = await upload(page, photoFile, { Caption: "Snow on Main Street during the festival", Credit: "Marquee desk" });
  const preview = page.locator(".media-preview img");
  await preview.waitFor();
  assert.ok(await preview.evaluate((img) => img.complete && img.naturalWidth > 0), "the preview loads");

  const clip = await upload(page, clipFile, { Caption: "Test pattern with a tone", Credit: "Marquee desk" });
  const adminVideo = page.locator(".media-preview video");
  await adminVideo.waitFor();

  await page.goto(server.url + "/admin/media");
  const card = page.locator(`.media-card a[href="/admin/media/${photo}"]`).locator("..");
  assert.match(await card.textContent(), /No alt text/);
  await page.screenshot({ path: path.join(screenshots, "media-library.png"), fullPage: false });

  // Publishing with a lead photo that has no alt text is refused, with the reason beside it.
  await page.goto(server.url + "/admin/stories/new");
  await page.getByLabel("Headline").fill("Sundance snow and a test pattern");
  await page.getByLabel("Section").selectOption("movies");
  await page.getByLabel("Body (Markdown)").fill("The festival opened under fresh snow.\n\nA short clip follows.");
  await page.getByLabel("Lead photo").selectOption(String(photo));
  await page.getByLabel("Clip").selectOption(String(clip));
  await page.getByLabel("Exclusive").check();
  await page.getByRole("button", { name: "Publish now" }).click();
  await page.locator("#lead_media-error").waitFor();
  assert.match(await page.locator("#lead_media-error").textContent(), /alt text/);

  // Alt text in the library, then the story goes out.
  await page.goto(server.url + `/admin/media/${photo}`);
  await page.getByLabel("Alt text").fill("A snowy street at night with festival banners");
  await Promise.all([page.waitForURL(/saved=1$/), page.getByRole("button", { name: "Save" }).click()]);
  await page.goto(server.url + "/admin/stories/new");
  await page.getByLabel("Headline").fill("Sundance snow and a test pattern");
  await page.getByLabel("Section").selectOption("movies");
  await page.getByLabel("Body (Markdown)").fill("The festival opened under fresh snow.\n\nA short clip follows.");
  await page.getByLabel("Lead photo").selectOption(String(photo));
  await page.getByLabel("Clip").selectOption(String(clip));
  await page.getByLabel("Exclusive").check();
  await Promise.all([
    page.waitForURL(/\/admin\/stories\/\d+/),
    page.getByRole("button", { name: "Publish now" }).click(),
  ]);
  const live = page.getByRole("link", { name: "View live" });
  await live.waitFor();
  const storyUrl = await live.getAttribute("href");

  // The public story leads with the clip: poster, duration, the exclusive label, and a player
  // that reads the clip's metadata and seeks (byte ranges).
  await page.goto(server.url + storyUrl);
  const video = page.locator(".story-clip video");
  await video.waitFor();
  assert.match(await page.locator(".story-clip").textContent(), /Exclusive clip/);
  assert.match(await page.locator(".story-clip figcaption").textContent(), /0:02/);
  const played = await video.evaluate(async (v) => {
    if (v.readyState < 1) await new Promise((resolve, reject) => {
      v.addEventListener("loadedmetadata", resolve, { once: true });
      v.addEventListener("error", () => reject(new Error("video error")), { once: true });
      v.load();
    });
    v.currentTime = 1.5;
    await new Promise((resolve) => v.addEventListener("seeked", resolve, { once: true }));
    return { duration: v.duration, at: v.currentTime, poster: v.poster };
  });
  assert.ok(Math.abs(played.duration - 2) < 0.25, `duration ${played.duration}`);
  assert.ok(played.at > 1, "the player could seek");
  // The poster frame at about the player's width.
  assert.match(played.poster, /\/media\/[0-9a-f]{32}-\d+\.jpg$/);
  await page.screenshot({ path: path.join(screenshots, "story-with-clip.png"), fullPage: false });

  // Its clip page lists the story.
  await page.getByRole("link", { name: "Clip page" }).click();
  await page.waitForURL(new RegExp(`/clips/${clip}$`));
  assert.match(await page.locator(".clip-stories").textContent(), /Sundance snow and a test pattern/);
  await context.close();
});

test("a story's lead photo is a responsive picture with caption and credit", async () => {
  const context = await browser.newContext({ viewport: { width: 420, height: 900 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(server.url + "/celebrity/2010/06/25/eclipse-premiere-stewart-pattinson-lautner");
  const img = page.locator(".story-photo img");
  await img.waitFor();
  const shown = await img.evaluate(async (el) => {
    if (!el.complete) await new Promise((resolve) => el.addEventListener("load", resolve, { once: true }));
    return { src: el.currentSrc, width: el.naturalWidth, alt: el.alt };
  });
  // A phone at twice the density picks a WebP rendition around 800 pixels wide, not the largest.
  assert.match(shown.src, /\/media\/[0-9a-f]{32}-(640|1024)\.webp$/);
  assert.ok(shown.width > 0);
  assert.match(shown.alt, /premiere carpet/);
  assert.match(await page.locator(".story-photo figcaption").textContent(), /Marquee demo illustration/);
  await page.screenshot({ path: path.join(screenshots, "story-lead-photo-phone.png"), fullPage: false });
  await context.close();
});
