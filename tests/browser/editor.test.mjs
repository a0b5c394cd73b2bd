// The story editor's safety nets and previews in a real browser: a draft autosaved while typing
// survives closing the page without saving and is offered back; leaving with unsaved changes asks
// first; Ctrl+S saves; the preview shows the unsaved form in the site's own design at desktop and
// phone widths with its social card; an embed on a published story asks nothing of its provider
// until a reader clicks, and then loads its player.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";

import { launchBrowser, screenshots, signIn, startServer } from "./harness.mjs";

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

async function newContext() {
  return browser.newContext({ viewport: { width: 1360, height: 1000 } });
}

// A saved story in the editor; returns its address in the newsroom.
async function createStory(page, headline, body = "A first paragraph.") {
  await page.goto(server.url + "/admin/stories/new");
  await page.getByLabel("Headline").fill(headline);
  await page.getByLabel("Section").selectOption("movies");
  await page.getByLabel("Body (Markdown)").fill(body);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("Created.").waitFor();
  return new URL(page.url()).pathname;
}

async function version(page) {
  return Number(await page.locator('input[name="version"]').inputValue());
}

test("a draft survives closing the page without saving, and is restored", async () => {
  const context = await newContext();
  let page = await context.newPage();
  await signIn(page, server, server.email, server.password);
  const editor = await createStory(page, "Autosave keeps the words");
  const saved = await version(page);

  await page.getByLabel("Body (Markdown)").fill("A first paragraph.\n\nWords typed and never saved.");
  await page.getByLabel("Dek").fill("A dek nobody saved");
  await page.locator("#autosave-status", { hasText: "Draft kept" }).waitFor({ timeout: 15000 });
  // The draft is no version: the story's page in the editor still says the same version.
  await page.close({ runBeforeUnload: false });  // as a crash would: no Save, no question

  page = await context.newPage();
  await page.goto(server.url + editor);
  assert.equal(await version(page), saved);
  assert.equal(await page.getByLabel("Body (Markdown)").inputValue(), "A first paragraph.");
  const offer = page.getByRole("region", { name: /Unsaved changes from/ });
  await offer.waitFor();
  await offer.getByRole("button", { name: "Restore the draft" }).click();
  assert.equal(await page.getByLabel("Body (Markdown)").inputValue(),
               "A first paragraph.\n\nWords typed and never saved.");
  assert.equal(await page.getByLabel("Dek").inputValue(), "A dek nobody saved");
  await page.locator("#preview", { hasText: "Words typed and never saved." }).waitFor();
  assert.equal(await offer.isVisible(), false);

  // Saving it for real makes one new version and clears the draft.
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("Saved.", { exact: true }).waitFor();
  assert.equal(await version(page), saved + 1);
  assert.equal(await page.getByRole("region", { name: /Unsaved changes from/ }).count(), 0);

  // Discarding is offered too.
  await page.getByLabel("Dek").fill("Another unsaved dek");
  await page.locator("#autosave-status", { hasText: "Draft kept" }).waitFor({ timeout: 15000 });
  await page.close({ runBeforeUnload: false });
  page = await context.newPage();
  await page.goto(server.url + editor);
  await page.getByRole("button", { name: "Discard the draft" }).click();
  await page.getByText("The unsaved draft was discarded.").waitFor();
  assert.equal(await page.getByLabel("Dek").inputValue(), "A dek nobody saved");
  await context.close();
});

test("a new story's draft is kept in the browser and offered back", async () => {
  const context = await newContext();
  let page = await context.newPage();
  await signIn(page, server, server.email, server.password);
  await page.goto(server.url + "/admin/stories/new");
  await page.getByLabel("Headline").fill("Never saved at all");
  await page.getByLabel("Body (Markdown)").fill("Kept by this browser.");
  await page.close({ runBeforeUnload: false });
  page = await context.newPage();
  await page.goto(server.url + "/admin/stories/new");
  const offer = page.getByRole("region", { name: /Unsaved changes from/ });
  await offer.waitFor();
  await offer.getByRole("button", { name: "Restore the draft" }).click();
  assert.equal(await page.getByLabel("Headline").inputValue(), "Never saved at all");
  assert.equal(await page.getByLabel("Body (Markdown)").inputValue(), "Kept by this browser.");
  await context.close();
});

test("leaving with unsaved changes asks first; Ctrl+S saves", async () => {
  const context = await newContext();
  const page = await context.newPage();
  await signIn(page, server, server.email, server.password);
  const editor = await createStory(page, "Leave warnings");
  const saved = await version(page);

  // Nothing changed: leaving asks nothing.
  const asked = [];
  page.on("dialog", async (dialog) => {
    asked.push(dialog.type());
    await dialog.dismiss();  // stay on the page
  });
  await page.getByRole("link", { name: "Stories", exact: true }).click();
  await page.waitForURL(/\/admin\/stories$/);
  assert.deepEqual(asked, []);

  await page.goto(server.url + editor);
  // Typed with real keys: browsers only ask before leaving a page someone has interacted with.
  await page.getByLabel("Headline").click();
  await page.keyboard.press("End");
  await page.keyboard.type(", edited");
  await page.getByRole("link", { name: "Stories", exact: true }).click();
  await page.waitForTimeout(500);
  assert.deepEqual(asked, ["beforeunload"]);
  assert.equal(new URL(page.url()).pathname, editor);  // stayed, with the edit in the form
  assert.equal(await page.getByLabel("Headline").inputValue(), "Leave warnings, edited");

  // Ctrl+S saves (and saving is no reason to ask).
  await page.getByLabel("Body (Markdown)").focus();
  await page.keyboard.press("Control+s");
  await page.getByText("Saved.", { exact: true }).waitFor();
  assert.equal(await version(page), saved + 1);
  assert.equal(await page.getByLabel("Headline").inputValue(), "Leave warnings, edited");
  assert.deepEqual(asked, ["beforeunload"]);
  await context.close();
});

test("the preview shows the unsaved form as readers will see it, on desktop and phone", async () => {
  const context = await newContext();
  const page = await context.newPage();
  await signIn(page, server, server.email, server.password);
  await createStory(page, "Preview before it goes out");
  await page.getByLabel("Headline").fill("A headline not saved yet");
  await page.getByLabel("Dek").fill("The dek a reader would share.");
  await page.getByLabel("Body (Markdown)").fill("**Bold words** in the preview.");
  const photo = page.getByLabel("Lead photo");
  const options = await photo.locator("option").evaluateAll((all) =>
    all.map((o) => ({ value: o.value, text: o.textContent })));
  const usable = options.find((o) => o.value && !o.text.includes("no alt text"));
  assert.ok(usable, "the demo library has a photo with alt text");
  await photo.selectOption(usable.value);

  await page.getByRole("button", { name: "Preview as readers see it" }).click();
  for (const [name, width] of [["preview-desktop", 1280], ["preview-phone", 390]]) {
    const frame = page.frame({ name });
    assert.ok(frame, name);
    await frame.locator("h1", { hasText: "A headline not saved yet" }).waitFor();
    await frame.locator("strong", { hasText: "Bold words" }).waitFor();
    assert.equal(await frame.evaluate(() => window.innerWidth), width, name);
    // The site's own design, not the newsroom's.
    assert.equal(await frame.locator('link[href^="/static/site.css"]').count(), 1);
    assert.match(await frame.locator('meta[name="robots"]').getAttribute("content"), /noindex/);
  }
  const phone = page.frame({ name: "preview-phone" });
  assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 390),
            "the story fits a phone");

  const card = page.locator("#social-card");
  await card.locator(".social-card-title", { hasText: "A headline not saved yet" }).waitFor();
  assert.equal(await card.locator(".social-card-description").textContent(),
               "The dek a reader would share.");
  const image = card.locator("img");
  await image.waitFor();
  assert.match(await image.getAttribute("src"), /^\/media\//);
  assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth > 0), "the photo loads");

  // The preview is reached by keyboard, and nothing was saved.
  await page.locator("#preview").focus();
  assert.equal(await page.evaluate(() => document.activeElement.id), "preview");
  // The draft kept meanwhile refreshes the preview; let that finish first.
  await page.locator("#autosave-status", { hasText: "Draft kept" }).waitFor({ timeout: 15000 });
  await page.waitForTimeout(1000);
  for (const name of ["preview-desktop", "preview-phone"]) {
    await page.frame({ name }).locator("h1", { hasText: "A headline not saved yet" }).waitFor();
  }
  // The whole editor in one tall viewport (a full-page capture leaves the frames unpainted).
  await page.setViewportSize({ width: 1360, height: await page.evaluate(() => document.body.scrollHeight) });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(1000);  // the frames' paint, for the screenshot only
  await page.screenshot({ path: path.join(screenshots, "newsroom-editor-preview.png") });
  page.on("dialog", (dialog) => dialog.accept());
  await page.reload();
  assert.equal(await page.getByLabel("Headline").inputValue(), "Preview before it goes out");
  await context.close();
});

test("an embed asks nothing of its provider until a reader clicks", async () => {
  const context = await newContext();
  const page = await context.newPage();
  page.on("dialog", (dialog) => dialog.accept());
  await signIn(page, server, server.email, server.password);
  await page.goto(server.url + "/admin/stories/new");
  await page.getByLabel("Headline").fill("The trailer is out");
  await page.getByLabel("Section").selectOption("movies");
  await page.getByLabel("Body (Markdown)").fill(
    "Watch it here:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nMore after the clip.");
  await page.getByRole("button", { name: "Publish now" }).click();
  await page.getByText("Published.").waitFor();
  const live = await page.getByRole("link", { name: "View live" }).getAttribute("href");

  const reader = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  reader.on("request", (request) => requests.push(request.url()));
  // The player is answered here: the test needs no network, only to see the request made.
  await reader.route("https://www.youtube-nocookie.com/**", (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><p>player</p>" }));
  const story = await reader.newPage();
  await story.goto(server.url + live);
  const figure = story.locator("figure.embed");
  await figure.getByText("YouTube video").waitFor();
  assert.equal(await figure.getByRole("link", { name: "Open on YouTube" }).getAttribute("href"),
               "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
  const load = figure.getByRole("button", { name: "Load from YouTube" });
  await load.waitFor();
  await story.waitForLoadState("networkidle");
  const own = new URL(server.url).origin;
  assert.deepEqual(requests.filter((url) => !url.startsWith(own)), [],
                   "no request leaves the site before the click");
  assert.equal(await story.locator("iframe").count(), 0);

  await load.click();
  const player = figure.locator("iframe");
  await player.waitFor();
  assert.equal(await player.getAttribute("src"), "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
  await story.frameLocator("figure.embed iframe").getByText("player").waitFor();
  assert.ok(requests.some((url) => url.startsWith("https://www.youtube-nocookie.com/embed/")));
  // The page's policy lets exactly the players be framed.
  const response = await story.request.get(server.url + live);
  const csp = response.headers()["content-security-policy"];
  assert.match(csp, /frame-src https:\/\/www\.youtube-nocookie\.com /);
  assert.doesNotMatch(csp, /frame-src[^;]*\*/);
  await reader.close();
  await context.close();
});

test("the link rail counts mentions in words: 1 mention, 2 mentions", async () => {
  const context = await newContext();
  const page = await context.newPage();
  await signIn(page, server, server.email, server.password);
  await createStory(page, "A night at the pictures",
                    "Kristen Stewart arrived first.\n\nDakota Fanning came later; Fanning stayed.");
  const rail = page.locator(".enrichment .links");
  await rail.locator(".link", { hasText: "Kristen Stewart" }).getByText(/\b1 mention\b/).waitFor();
  assert.doesNotMatch(await rail.locator(".link", { hasText: "Kristen Stewart" }).textContent(),
                      /1 mentions/);
  await rail.locator(".link", { hasText: "Dakota Fanning" }).getByText(/\b2 mentions\b/).waitFor();
  await context.close();
});

test("closing the tab right after typing still keeps the draft", async () => {
  const context = await newContext();
  let page = await context.newPage();
  await signIn(page, server, server.email, server.password);
  const editor = await createStory(page, "Closed in a hurry");
  await page.getByLabel("Dek").click();
  await page.keyboard.type("Typed a moment before closing");
  const closed = new Promise((resolve) => page.once("close", resolve));
  page.once("dialog", (dialog) => dialog.accept());  // "leave anyway"
  await page.close({ runBeforeUnload: true });
  await closed;
  page = await context.newPage();
  await page.goto(server.url + editor);
  const offer = page.getByRole("region", { name: /Unsaved changes from/ });
  await offer.getByRole("button", { name: "Restore the draft" }).click();
  assert.equal(await page.getByLabel("Dek").inputValue(), "Typed a moment before closing");
  await context.close();
});

test("when the newsroom cannot be reached, the browser's own copy is offered", async () => {
  const context = await newContext();
  let page = await context.newPage();
  await signIn(page, server, server.email, server.password);
  const editor = await createStory(page, "Offline for a while");
  await context.setOffline(true);
  await page.getByLabel("Dek").click();
  await page.keyboard.type("Written on a train");
  await page.locator("#autosave-status", { hasText: "could not be kept" }).waitFor({ timeout: 15000 });
  await page.close({ runBeforeUnload: false });
  await context.setOffline(false);  // the newsroom is back

  page = await context.newPage();
  await page.goto(server.url + editor);
  assert.equal(await page.locator("#autosave-offer").count(), 0);  // the server has nothing
  const offer = page.getByRole("region", { name: /Unsaved changes from/ });
  await offer.getByText("This browser kept a draft of this story").waitFor();
  await offer.getByRole("button", { name: "Restore the draft" }).click();
  assert.equal(await page.getByLabel("Dek").inputValue(), "Written on a train");
  // Once the server has it, the browser's copy goes; a real Save ends both.
  await page.locator("#autosave-status", { hasText: "Draft kept" }).waitFor({ timeout: 15000 });
  assert.equal(await page.evaluate(() => localStorage.getItem("marquee-draft:" + location.pathname)), null);
  await context.close();
});
