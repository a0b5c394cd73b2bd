// The newsroom in a real browser: an administrator signs in, writes a story with a photo and a
// clip, watches the live preview, confirms an entity, schedules the story and sees it go live on
// the public site on its own, then publishes another at once; a writer finds no way to publish;
// a forged form without the CSRF token is refused. Screenshots go to docs/screenshots/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";

import { addUser, launchBrowser, localTime, screenshots, signIn, startServer } from "./harness.mjs";

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

const body = [
  "Kristen Stewart spent the spring on a small set in Los Angeles, far from the crowds that",
  "follow her. Wendeline Oyelaran-Pike, who produced the film, said the shoot felt like a secret.",
  "",
  "\"We kept it quiet on purpose,\" Stewart said. \"Nobody knew what we were making.\"",
  "",
  "**The film opens next year.**",
].join("\n");

async function chooseFirstUsable(page, label) {
  // The first library item whose label does not warn about missing alt text.
  const select = page.getByLabel(label);
  const options = await select.locator("option").evaluateAll((all) =>
    all.map((o) => ({ value: o.value, text: o.textContent })));
  const usable = options.find((o) => o.value && !o.text.includes("no alt text"));
  assert.ok(usable, `the demo library has a ${label.toLowerCase()}`);
  await select.selectOption(usable.value);
}

test("an editor writes, links, schedules and publishes; readers see it", async () => {
  const context = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
  const page = await context.newPage();
  page.on("dialog", (dialog) => dialog.accept());
  await signIn(page, server, server.email, server.password);

  await page.getByRole("link", { name: "New story" }).click();
  await page.getByLabel("Headline").fill("Stewart's secret spring shoot");
  await page.getByLabel("Dek").fill("A quiet set, a new film and a producer who kept the secret.");
  await page.getByLabel("Section").selectOption("movies");
  await page.getByLabel("Tags").fill("Kristen Stewart, film shoots");
  await page.getByLabel("Body (Markdown)").fill(body);
  // The live preview renders the Markdown as it is typed.
  await page.locator("#preview strong", { hasText: "The film opens next year." }).waitFor();
  await chooseFirstUsable(page, "Lead photo");
  await chooseFirstUsable(page, "Clip");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("Created.").waitFor();

  // Enrichment found the actor and the quote; the unknown producer is offered for the graph.
  // Confirming a link is not a save: the dek typed meanwhile stays in the form, unsaved, and the
  // story keeps its version, so the Save after it is no conflict.
  const version = await page.locator('input[name="version"]').inputValue();
  const dek = "A quiet set, a new film, and a producer who kept the secret until now.";
  await page.getByLabel("Dek").fill(dek);
  const confirm = page.getByRole("button", { name: "Confirm Kristen Stewart" });
  await confirm.click();
  await page.getByText("Link confirmed.").waitFor();
  assert.equal(await page.locator(".link-confirmed .link-name", { hasText: "Kristen Stewart" }).count(), 1);
  assert.equal(await page.getByRole("button", { name: "Confirm Kristen Stewart" }).count(), 0);
  await page.getByRole("button", { name: "Reject Kristen Stewart" }).waitFor();
  assert.equal(await page.getByLabel("Dek").inputValue(), dek, "the unsaved dek is still in the form");
  assert.equal(await page.locator('input[name="version"]').inputValue(), version);
  assert.match(await page.locator(".page-head .meta").innerText(), new RegExp(`version ${version} `));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("Saved.").waitFor();
  assert.equal(await page.getByLabel("Dek").inputValue(), dek);
  assert.equal(await page.locator(".link-confirmed .link-name", { hasText: "Kristen Stewart" }).count(), 1);
  await page.locator(".quotes", { hasText: "We kept it quiet on purpose" }).waitFor();
  await page.getByRole("button", { name: "Add Wendeline Oyelaran-Pike as a person" }).click();
  await page.getByText("Added to the knowledge graph.").waitFor();

  // Schedule a few seconds ahead, in the site's zone.
  const when = new Date(Date.now() + 6000);
  await page.getByLabel(/Publish time/).fill(localTime(when));
  await page.getByRole("button", { name: "Schedule" }).click();
  await page.getByText("Scheduled.").waitFor();
  await page.screenshot({ path: path.join(screenshots, "newsroom-editor.png"), fullPage: true });

  // Each look is a fresh browser, so that its own HTTP cache cannot answer for the server.
  const look = async () => {
    const reader = await browser.newPage();
    await reader.goto(server.url + "/movies");
    return reader;
  };
  let reader = await look();
  assert.equal(await reader.getByText("Stewart's secret spring shoot").count(), 0);
  await reader.close();
  // No request is needed for it to go live: wait, then look.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, when - Date.now()) + 2500));
  reader = await look();
  await reader.getByRole("link", { name: "Stewart's secret spring shoot" }).first().click();
  await reader.getByRole("heading", { level: 1, name: "Stewart's secret spring shoot" }).waitFor();
  assert.ok(await reader.locator('a[href="/people/kristen-stewart"]').count() >= 1);
  await reader.screenshot({ path: path.join(screenshots, "newsroom-published-story.png"), fullPage: true });
  await reader.close();

  // A second story goes out at once with "Publish now" (after its confirm dialog).
  await page.goto(server.url + "/admin/stories/new");
  await page.getByLabel("Headline").fill("Premiere night, by the minute");
  await page.getByLabel("Body (Markdown)").fill("The carpet filled early.\n");
  await page.getByRole("button", { name: "Publish now" }).click();
  await page.getByText("Published.").waitFor();
  await page.getByRole("link", { name: "View live" }).click();
  await page.getByRole("heading", { level: 1, name: "Premiere night, by the minute" }).waitFor();
  await context.close();
});

test("a writer can write and submit, but cannot publish", async () => {
  const password = addUser(server, "writer@newsroom.test", "writer");
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, server, "writer@newsroom.test", password);
  await page.getByRole("link", { name: "New story" }).click();
  await page.getByLabel("Headline").fill("A writer's first draft");
  await page.getByLabel("Body (Markdown)").fill("Draft text.\n");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("Created.").waitFor();
  assert.equal(await page.getByRole("button", { name: "Publish now" }).count(), 0);
  assert.equal(await page.getByRole("button", { name: "Schedule" }).count(), 0);
  assert.equal(await page.getByRole("link", { name: "Users" }).count(), 0);

  // Even a hand-made request with a valid session and token is refused on the server.
  const status = await page.evaluate(async () => {
    const form = new FormData(document.getElementById("story-form"));
    form.set("action", "publish");
    const response = await fetch(location.pathname, { method: "POST", body: new URLSearchParams(form) });
    return response.status;
  });
  assert.equal(status, 403);
  await page.getByRole("button", { name: "Submit for review" }).click();
  await page.getByText("Submitted for review.").waitFor();
  await context.close();
});

test("a forged form without the CSRF token is refused", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, server, server.email, server.password);
  await page.goto(server.url + "/admin/entities");
  // A form like the real one, but without the hidden token, as another site would build it.
  await Promise.all([
    page.waitForLoadState("domcontentloaded"),
    page.evaluate(() => {
      const form = document.createElement("form");
      form.method = "post";
      form.action = "/admin/entities";
      for (const [name, value] of [["name", "Forged Person"], ["kind", "person"]]) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    }),
  ]);
  await page.getByRole("heading", { name: "Request refused" }).waitFor();
  await page.goto(server.url + "/admin/entities?q=forged");
  await page.getByText("No entities match.").waitFor();
  await context.close();
});
