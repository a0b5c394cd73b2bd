// The newsroom's lists and the lead-photo picker in a real browser: the story list sorted by a
// column, filtered, searched by words in bodies; bulk publish, unpublish, section and delete (with
// its confirmation step); no horizontal scrolling on a 390 px phone; the picker's search, an
// upload dropped on it that asks for alt text first, and a focal point clicked on the photo that
// is stored with it and shapes the story page's crop.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { launchBrowser, screenshots, signIn, sourceDir, startServer } from "./harness.mjs";

const photoFile = path.join(sourceDir, "demo", "stories", "images", "runaways-sundance.jpg");

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

async function newsroom(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, server, server.email, server.password);
  return { context, page };
}

// Saves a draft through the editor's own form post; returns its id.
async function draft(page, headline, body, section = "movies") {
  await page.goto(server.url + "/admin/stories/new");
  const csrf = await page.locator('input[name="csrf"]').first().inputValue();
  const response = await page.request.post(server.url + "/admin/stories", {
    form: { csrf, headline, body, section, action: "save", version: "0" },
    headers: { Origin: server.url }, maxRedirects: 0,
  });
  assert.equal(response.status(), 303);
  return Number(response.headers().location.match(/stories\/(\d+)/)[1]);
}

async function headlines(page) {
  return page.locator("table.stories-list tbody td.headline > a:first-child").allTextContents();
}

test("the story list sorts, filters and finds words in bodies", async () => {
  const { context, page } = await newsroom();
  await draft(page, "Mongoose tale", "A wombatword hides in this body.");
  await draft(page, "aardvark tale", "Another wombatword, in music.", "music");
  await draft(page, "Zebu tale", "The last wombatword.");

  await page.goto(server.url + "/admin/stories");
  await page.getByLabel("Words in the story").fill("wombatword");
  await Promise.all([page.waitForURL(/q=wombatword/), page.getByRole("button", { name: "Filter" }).click()]);
  assert.deepEqual((await headlines(page)).sort(), ["Mongoose tale", "Zebu tale", "aardvark tale"]);

  await Promise.all([page.waitForURL(/sort=headline/), page.getByRole("link", { name: /^Headline/ }).click()]);
  assert.deepEqual(await headlines(page), ["aardvark tale", "Mongoose tale", "Zebu tale"]);
  assert.equal(await page.locator("th[aria-sort=ascending]").textContent(), "Headline ↑");
  await Promise.all([page.waitForURL(/dir=desc/), page.getByRole("link", { name: /^Headline/ }).click()]);
  assert.deepEqual(await headlines(page), ["Zebu tale", "Mongoose tale", "aardvark tale"]);
  await page.screenshot({ path: path.join(screenshots, "newsroom-story-list.png"), fullPage: false });

  await page.getByLabel("Section", { exact: true }).selectOption("music");
  await Promise.all([page.waitForURL(/section=music/), page.getByRole("button", { name: "Filter" }).click()]);
  assert.deepEqual(await headlines(page), ["aardvark tale"]);
  // The sort survives filtering.
  assert.match(page.url(), /sort=headline/);

  await page.getByLabel("Status").selectOption("published");
  await Promise.all([page.waitForURL(/status=published/), page.getByRole("button", { name: "Filter" }).click()]);
  assert.equal(await page.getByText("No stories match.").count(), 1);
  await context.close();
});

test("bulk publish, unpublish, change section and delete after confirming", async () => {
  const { context, page } = await newsroom();
  await draft(page, "Bulk alpha", "Bulkbrowser body.");
  await draft(page, "Bulk beta", "Bulkbrowser body.");
  const list = server.url + "/admin/stories?q=bulkbrowser&sort=headline&dir=asc";
  const apply = async (action, names, section) => {
    await page.goto(list);
    for (const name of names) await page.getByLabel("Tick: " + name).check();
    await page.getByLabel("With the ticked stories").selectOption(action);
    if (section) {
      assert.equal(await page.getByLabel("Section to move to").isVisible(), true);
      await page.getByLabel("Section to move to").selectOption(section);
    }
    await Promise.all([page.waitForURL(/\/admin\/stories\/bulk$/), page.getByRole("button", { name: "Apply" }).click()]);
    return action === "delete" ? null : page.locator(".bulk-summary").textContent();
  };
  const statuses = async () => {
    await page.goto(list);
    return page.locator("table.stories-list tbody tr").evaluateAll((rows) => rows.map((r) =>
      [r.querySelector("td.headline a").textContent, r.querySelector(".status").textContent,
       r.querySelector('td[data-label="Section"]').textContent]));
  };

  // The section picker shows only for "Move to section".
  await page.goto(list);
  await page.getByLabel("With the ticked stories").selectOption("publish");
  assert.equal(await page.getByLabel("Section to move to").isVisible(), false);
  await page.getByLabel("Tick every story on this page").check();
  assert.equal(await page.locator("#bulk-count").textContent(), "2 stories ticked");

  assert.equal(await apply("publish", ["Bulk alpha", "Bulk beta"]), "Published 2 stories.");
  assert.deepEqual(await statuses(), [["Bulk alpha", "Published", "Movies"], ["Bulk beta", "Published", "Movies"]]);
  assert.equal(await apply("unpublish", ["Bulk beta"]), "Unpublished 1 story.");
  assert.equal(await apply("section", ["Bulk alpha", "Bulk beta"], "music"), "Moved 2 stories.");
  assert.deepEqual(await statuses(), [["Bulk alpha", "Published", "Music"], ["Bulk beta", "Draft", "Music"]]);
  // Publishing a published story again is refused, and the reason is named.
  await apply("publish", ["Bulk alpha"]);
  assert.match(await page.locator(".refused-list").textContent(), /Bulk alpha: Already published\./);

  // Delete asks first; Cancel keeps both.
  await page.goto(list);
  await page.getByLabel("Tick: Bulk alpha").check();
  await page.getByLabel("Tick: Bulk beta").check();
  await page.getByLabel("With the ticked stories").selectOption("delete");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.getByRole("heading", { name: "Delete 2 stories?" }).waitFor();
  await page.getByRole("link", { name: "Cancel" }).click();
  assert.equal((await statuses()).length, 2);
  await apply("delete", ["Bulk alpha", "Bulk beta"]);
  await page.getByRole("heading", { name: "Delete 2 stories?" }).waitFor();
  await Promise.all([page.waitForURL(/\/admin\/stories\/bulk$/), page.getByRole("button", { name: "Delete for good" }).click()]);
  assert.equal(await page.locator(".bulk-summary").textContent(), "Deleted 2 stories.");
  assert.deepEqual(await statuses(), []);
  await context.close();
});

test("the newsroom's lists fit a 390 px phone without sideways scrolling", async () => {
  const { context, page } = await newsroom({ width: 390, height: 844 });
  for (const address of ["/admin/stories", "/admin/stories?sort=section&dir=asc", "/admin/entities",
                         "/admin/queue", "/admin/media"]) {
    await page.goto(server.url + address);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth,
                                                view: document.documentElement.clientWidth }));
    assert.ok(widths.scroll <= widths.view, `${address}: ${widths.scroll} px wide in a ${widths.view} px view`);
  }
  // The rows are still there, labelled, with their checkboxes.
  await page.goto(server.url + "/admin/stories");
  await page.screenshot({ path: path.join(screenshots, "newsroom-story-list-phone.png"), fullPage: false });
  assert.ok(await page.locator("table.stories-list tbody tr").count() > 0);
  assert.equal(await page.locator('td[data-label="Status"]').first().isVisible(), true);
  await context.close();
});

test("the lead-photo picker searches, uploads a dropped photo after asking for alt text, and keeps a focal point", async () => {
  const { context, page } = await newsroom();
  await page.goto(server.url + "/admin/stories/new");
  await page.getByRole("button", { name: "Choose photo…" }).click();
  const dialog = page.getByRole("dialog", { name: "Choose the lead photo" });
  await dialog.waitFor();
  await page.locator("#picker-grid .picker-item").first().waitFor();
  const all = await page.locator("#picker-grid .picker-item").count();
  assert.ok(all >= 2, "the demo's photos are there");
  await page.getByLabel("Search photos").fill("Sundance");
  // (Polled from here: the newsroom's script policy allows no evaluated strings.)
  for (let tries = 0; (await page.locator("#picker-grid .picker-item").count()) >= all; tries++) {
    assert.ok(tries < 100, "the search narrows the photos");
    await page.waitForTimeout(50);
  }
  const found = await page.locator("#picker-grid .picker-label").allTextContents();
  assert.ok(found.length >= 1 && found.every((t) => /Sundance/.test(t)), found.join(" | "));
  // Before a file arrives the dialog offers the drop zone, not the details form.
  assert.equal(await page.locator("#picker-drop").isVisible(), true);
  assert.equal(await page.locator("#picker-upload").isVisible(), false);
  await page.screenshot({ path: path.join(screenshots, "newsroom-photo-picker.png"), fullPage: false });
  await page.getByLabel("Search photos").fill("nothing-is-called-this");
  await page.getByText("No photos match.").waitFor();

  // A photo dropped on the dialog waits for its alt text.
  const bytes = readFileSync(photoFile).toString("base64");
  await page.locator("#picker-drop").evaluate((zone, data) => {
    const raw = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([raw], "dropped.jpg", { type: "image/jpeg" }));
    zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, bytes);
  await page.getByLabel("Alt text (required)").waitFor();
  assert.equal(await page.locator("#picker-drop").isVisible(), false);
  await page.getByRole("button", { name: "Upload and use" }).click();
  assert.match(await page.locator("#picker-message").textContent(), /needs alt text/);
  assert.equal(await page.getByLabel("Alt text (required)").getAttribute("aria-invalid"), "true");
  await page.getByLabel("Alt text (required)").fill("A festival street under snow at night");
  await page.getByLabel("Caption", { exact: true }).fill("Dropped festival photo");
  await page.getByRole("button", { name: "Upload and use" }).click();
  await dialog.waitFor({ state: "hidden" });
  const chosen = await page.getByLabel("Lead photo", { exact: true }).inputValue();
  assert.match(chosen, /^\d+$/);
  assert.match(await page.locator('#lead_media option:checked').textContent(), /Dropped festival photo/);

  // A click on the photo sets its focal point; it is stored with the photo.
  const preview = page.locator("#lead_media-preview");
  await preview.waitFor();
  for (let tries = 0; !(await preview.evaluate((img) => img.complete && img.naturalWidth > 0)); tries++) {
    assert.ok(tries < 100, "the chosen photo loads");
    await page.waitForTimeout(50);
  }
  const box = await preview.boundingBox();
  await page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.75);
  await page.getByText(/Focal point saved \(25% across, 75% down\)/).waitFor();
  const stored = await (await page.request.get(server.url + "/admin/picker?id=" + chosen)).json();
  assert.ok(Math.abs(stored.items[0].focus.x - 0.25) < 0.02 && Math.abs(stored.items[0].focus.y - 0.75) < 0.02,
            JSON.stringify(stored.items[0].focus));

  // A photo without alt text cannot be chosen as the lead.
  const csrf = await page.locator('input[name="csrf"]').first().inputValue();
  const bareUpload = await page.request.post(server.url + "/admin/media", {
    multipart: { csrf, caption: "Bare photo without words",
                 file: { name: "bare.jpg", mimeType: "image/jpeg", buffer: readFileSync(photoFile) } },
    headers: { Accept: "application/json", Origin: server.url },
  });
  assert.equal(bareUpload.status(), 201);
  await page.getByRole("button", { name: "Choose photo…" }).click();
  await page.getByLabel("Search photos").fill("Bare photo");
  const bare = page.locator("#picker-grid .picker-item", { hasText: "(no alt text)" });
  await bare.first().waitFor();
  await bare.first().click();
  assert.match(await page.locator("#picker-message").textContent(), /no alt text, so it cannot lead a story/);
  assert.equal(await page.getByLabel("Lead photo", { exact: true }).inputValue(), chosen);
  await page.getByRole("button", { name: "Close" }).click();

  // The published story crops around the point.
  page.on("dialog", (d) => d.accept());  // "Publish now?"
  await page.getByLabel("Headline").fill("Focal point on the page");
  await page.getByLabel("Body (Markdown)").fill("The festival under snow.");
  await Promise.all([page.waitForURL(/done=published/), page.getByRole("button", { name: "Publish now" }).click()]);
  const storyId = page.url().match(/stories\/(\d+)/)[1];
  const story = (await (await page.request.get(server.url + "/api/v1/stories/" + storyId)).json()).data;
  assert.equal(story.lead_media.id, Number(chosen));
  assert.ok(Math.abs(story.lead_media.focus.x - 0.25) < 0.02 && Math.abs(story.lead_media.focus.y - 0.75) < 0.02);
  const live = await page.getByRole("link", { name: "View live" }).getAttribute("href");
  await page.goto(server.url + live);
  const position = await page.locator(".story-photo img").evaluate((img) => getComputedStyle(img).objectPosition);
  assert.equal(position, "25% 75%");
  await context.close();
});
