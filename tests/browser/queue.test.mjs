// The review queue in a real browser: stories naming people the graph lacks are imported,
// `marquee entities discover` and `marquee relations suggest` fill the queue, and an editor
// accepts one name under a kind and slug of their choosing, merges another into an entity the
// graph has, dismisses a third and confirms a relation; each decision shows on the public site.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";

import { launchBrowser, signIn, sourceDir, startServer } from "./harness.mjs";

let server;
let browser;

const stories = [
  ["quinlan-cast", "Quinlan joins Dust Season",
   "Director Lio Brandt cast Mara Quinlan in the film *Dust Season*. \"It is a quiet film,\" " +
   "Mara Quinlan said. Producer Dev Orsay said the shoot starts soon. Talia Renner, the " +
   "costume designer, said little."],
  ["quinlan-desert", "Into the desert with Mara Quinlan",
   "Mara Quinlan plays Ada Brook in *Dust Season*. \"We shot in the desert,\" said Mara " +
   "Quinlan. Producer Dev Orsay said the crew slept in tents. \"Sand everywhere,\" Talia " +
   "Renner said."],
  ["quinlan-wrap", "Dust Season wraps",
   "\"I never wanted to leave,\" Mara Quinlan said of the set. Dev Orsay, the producer, " +
   "agreed. Talia Renner said the costumes go to a museum."],
];

function cli(...args) {
  return execFileSync(process.env.MARQUEE_BIN, [...args, "--data", server.dataDir],
                      { cwd: sourceDir, encoding: "utf8" });
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const files = stories.map(([slug, headline, body], n) => {
    const file = path.join(server.dataDir, "..", slug + ".md");
    writeFileSync(file, `+++\nheadline = "${headline}"\nslug = "${slug}"\nsection = "movies"\n` +
                        `published = 2024-03-0${n + 1}T12:00:00-05:00\n+++\n${body}\n`);
    return file;
  });
  cli("import", ...files);
  cli("entities", "discover");
  cli("relations", "suggest");
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// The proposal's row, by the name in its first cell (other rows' example headlines name it too).
function row(page, name) {
  return page.locator("section.queue-proposals tbody tr").filter({
    has: page.locator("td:first-child", { hasText: new RegExp(`^${name}$`) }) });
}

test("an editor accepts, merges and dismisses proposed names and confirms a relation", async () => {
  const context = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, server, server.email, server.password);
  await page.getByRole("link", { name: "Review queue" }).click();
  await page.getByRole("heading", { name: "Review queue" }).waitFor();

  // A slug that breaks the pattern is refused by the form before anything is sent.
  const mara = row(page, "Mara Quinlan");
  await mara.getByLabel("Slug", { exact: true }).fill("Not A Slug");
  await mara.getByRole("button", { name: "Accept Mara Quinlan" }).click();
  assert.equal(await mara.getByLabel("Slug", { exact: true }).evaluate((el) => el.validity.valid), false);
  assert.equal(await row(page, "Mara Quinlan").count(), 1, "nothing was accepted");

  // Accept Mara Quinlan under a slug the editor types.
  await mara.getByLabel("Kind").selectOption("person");
  await mara.getByLabel("Slug", { exact: true }).fill("mara-quinlan-actress");
  await Promise.all([page.waitForNavigation(),
                     mara.getByRole("button", { name: "Accept Mara Quinlan" }).click()]);
  await assert.doesNotReject(row(page, "Mara Quinlan").waitFor({ state: "detached" }));
  const topic = await page.request.get(server.url + "/people/mara-quinlan-actress");
  assert.equal(topic.status(), 200, "the accepted person has a topic page at the chosen slug");
  assert.match(await topic.text(), /Dust Season wraps/, "and lists the stories naming her");

  // Merge Dev Orsay into an entity the demo graph has: he becomes one of its names.
  const dev = row(page, "Dev Orsay");
  await dev.getByLabel("Merge into (slug or name)").fill("kim-fowley");
  await Promise.all([page.waitForNavigation(),
                     dev.getByRole("button", { name: /^Merge Dev Orsay/ }).click()]);
  await row(page, "Dev Orsay").waitFor({ state: "detached" });
  const merged = await (await page.request.get(server.url + "/people/kim-fowley")).text();
  assert.match(merged, /Quinlan joins Dust Season/, "the merged name links its stories");

  // Dismiss Talia Renner; another discovery run does not bring her back.
  await Promise.all([page.waitForNavigation(),
                     row(page, "Talia Renner").getByRole("button", { name: "Dismiss Talia Renner" }).click()]);
  await row(page, "Talia Renner").waitFor({ state: "detached" });
  cli("entities", "discover");
  await page.reload();
  assert.equal(await row(page, "Talia Renner").count(), 0, "a dismissal is kept");

  // Confirm the relation the stories state about the accepted person.
  const relation = page.locator("section.queue-suggestions tbody tr", { hasText: "Ada Brook" });
  assert.ok(await relation.count() >= 1, "the stories' \"plays Ada Brook\" is suggested");
  await Promise.all([page.waitForNavigation(),
                     relation.first().getByRole("button", { name: /^Confirm/ }).click()]);
  assert.equal(await relation.count(), 0, "a confirmed suggestion leaves the queue");

  await context.close();
});
