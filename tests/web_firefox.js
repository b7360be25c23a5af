/* The pages convanim writes, in Debian's Firefox (headless, driven over
 * WebDriver BiDi by puppeteer-core): the checks tests/test_web.c makes in
 * Chromium. Over http every player gets its frames, a deep link opens
 * paused on its step with that step's caption, the keys step and play,
 * reduced motion starts paused on the last frame, a phone gets the narrow
 * rendering, and axe-core finds no violation. From a file: URL Firefox
 * lets the page read no other file: a --html page (and embed --inline)
 * carries its GIF as a data: URI and plays there with no file beside it;
 * a page that links its GIF says so under the plain GIF and lists the
 * steps in words.
 * Run by `make test` (firefox.run), which sets CONVANIM_BIN, CONVANIM_DEMO
 * and CONVANIM_AXE. */
"use strict";
const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const http = require("node:http");
const os = require("node:os");
const path = require("node:path");

function need(name) {
  const value = process.env[name];
  if (!value)
    fail(name + " is not set (make test sets it)");
  return value;
}

function onPath(program) {
  for (const dir of (process.env.PATH || "").split(":")) {
    const file = path.join(dir, program);
    if (dir && fs.existsSync(file))
      return file;
  }
  return null;
}

function fail(message) {
  console.error("tests/web_firefox.js: " + message);
  process.exit(1);
}

let puppeteer;
try {
  puppeteer = require("puppeteer-core");
} catch (e) {
  fail("puppeteer-core is not installed: 'make deps' installs it (" +
       e.message.split("\n")[0] + ")");
}
const firefox = onPath("firefox-esr");
if (!firefox)
  fail("firefox-esr is not installed: 'make deps' installs Debian's firefox-esr");

/* The demo's folder at /demo/, the pages made here at /own/: files only,
 * read as they are. */
function serve(roots) {
  const types = { ".html": "text/html; charset=utf-8", ".gif": "image/gif",
                  ".png": "image/png", ".json": "application/json" };
  const server = http.createServer(function (req, res) {
    const parts = decodeURIComponent(new URL(req.url, "http://x").pathname).split("/");
    const root = roots[parts[1]];
    const rest = parts.slice(2);
    if (!root || rest.some(p => p === ".." || p === "")) {
      res.writeHead(404).end();
      return;
    }
    fs.readFile(path.join(root, ...rest), function (err, data) {
      if (err) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "Content-Type": types[path.extname(req.url)] || "text/plain" });
      res.end(data);
    });
  });
  return new Promise(r => server.listen(0, "127.0.0.1", () => r(server)));
}

/* The players on the page once each has its frames: their states, then
 * the first one's caption and scrubber (as test_web.c's players()). */
async function players(page) {
  await page.waitForFunction(
    () => document.querySelectorAll("figure.convanim canvas").length ===
          document.querySelectorAll("figure.convanim").length &&
          document.querySelector(".convanim-caption").textContent !== "",
    { timeout: 20000 });
  return page.evaluate(() =>
    [...document.querySelectorAll("figure.convanim")].map(f => f.dataset.state).join(" ") +
    " | " + document.querySelector(".convanim-caption").textContent +
    " | " + document.querySelector("input[type=range]").value);
}

async function expectPlayers(page, want, what) {
  assert.equal(await players(page), want, what);
}

async function key(page, name) {
  await page.keyboard.press(name);
}

/* Space on the focused player plays it: the caption goes on to `caption`
 * and the figure says it is playing. */
async function expectSpacePlays(page, caption, what) {
  await key(page, " ");
  await page.waitForFunction(
    want => document.querySelector(".convanim-caption").textContent === want,
    { timeout: 20000 }, caption);
  assert.equal(await page.$eval("figure", f => f.dataset.state), "playing", what);
}

/* axe-core on the page as it is now: no violation at levels A and AA nor
 * of its best practices (as test_web.c's assert_accessible()). */
async function expectAccessible(page, what) {
  const axe = fs.readFileSync(need("CONVANIM_AXE"), "utf8");
  const found = await page.evaluate(axe + `
    ;axe.run(document, { runOnly: { type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } })
      .then(r => r.violations.map(v => v.id + ": " + v.nodes.map(n => n.target).join(", ")))`);
  assert.deepEqual(found, [], what + ": axe-core finds violations");
}

/* Firefox with prefs beside puppeteer's, its window as tall as test_web.c's */
async function open(prefs) {
  const browser = await puppeteer.launch({
    browser: "firefox", executablePath: firefox, headless: true,
    defaultViewport: { width: 1000, height: 4000 },
    /* puppeteer turns this off for its own tests; a reader's Firefox has it on */
    extraPrefsFirefox: Object.assign({ "security.fileuri.strict_origin_policy": true }, prefs) });
  return browser;
}

async function main() {
  const bin = need("CONVANIM_BIN"), demo = need("CONVANIM_DEMO");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "convanim-firefox-"));
  /* the command's warnings (no poster) are not this test's */
  const run = args => execFileSync(bin, args, { cwd: dir, encoding: "utf8",
                                                stdio: ["ignore", "pipe", "pipe"] });
  run(["animate", "-f", "values:0;1;0.5;0.25", "-g", "box:n=2", "--size", "480x320", "-q",
       "-o", "cli.gif", "--describe", "cli.json", "--html", "cli.html"]);
  const course = (name, fragment) => fs.writeFileSync(path.join(dir, name),
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
    "<title>Week 3</title>\n</head>\n<body>\n<main>\n<h1>Week 3</h1>\n" + fragment +
    "</main>\n</body>\n</html>\n");
  course("course.html", run(["embed", "--player", "cli.gif"]));
  course("inline.html", run(["embed", "--player", "--inline", "cli.gif"]));
  /* a page that links its GIF, as a gallery does */
  run(["gallery", ".", "-o", "linked.html"]);

  const server = await serve({ demo: demo, own: dir });
  const site = "http://127.0.0.1:" + server.address().port;
  let browser = null;
  try {
    browser = await open({});
    let page = (await browser.pages())[0];

    await page.goto(site + "/demo/index.html");
    const gallery = await players(page);
    assert.match(gallery, /^playing playing \| n = /, "gallery");
    await expectAccessible(page, "gallery");

    await page.goto(site + "/own/cli.html#step=2");
    await expectPlayers(page, "paused | n = 2: y[2] = 1.5 | 2", "deep link");
    await page.focus("canvas");
    await key(page, "ArrowRight");
    await expectPlayers(page, "paused | n = 3: y[3] = 0.75 | 3", "right arrow");
    await key(page, "ArrowLeft");
    await key(page, "ArrowLeft");
    await expectPlayers(page, "paused | n = 1: y[1] = 1 | 1", "left arrow twice");
    await key(page, "Home");
    await expectPlayers(page, "paused | n = 0: y[0] = 0 | 0", "Home");
    await key(page, "End");
    await expectPlayers(page, "paused | n = 4: y[4] = 0.25 | 4", "End");
    await expectSpacePlays(page, "n = 0: y[0] = 0", "space plays from the last step");
    await key(page, " ");
    assert.equal(await page.$eval("figure", f => f.dataset.state), "paused",
                 "space again pauses");
    /* on a focused button, space is the player's key once, not also a click */
    await page.focus("[data-act=play]");
    await key(page, " ");
    await new Promise(r => setTimeout(r, 300));
    assert.equal(await page.$eval("figure", f => f.dataset.state), "playing",
                 "space on the Play button");
    await expectAccessible(page, "animate --html");

    await page.goto(site + "/own/course.html");
    /* no description in the fragment: the GIF's frames, played */
    assert.match(await players(page), /^playing \| Frame [1-5] of 5\. \| [0-4]$/,
                 "embed --player");
    await expectAccessible(page, "embed --player");

    /* a phone's screen gets the narrow rendering, drawn for it */
    await page.setViewport({ width: 390, height: 844 });
    await page.goto(site + "/demo/index.html");
    await page.waitForFunction(() => document.querySelectorAll("canvas").length === 2,
                               { timeout: 20000 });
    assert.equal(await page.evaluate(() => [...document.querySelectorAll("canvas")]
                   .map(c => c.width + "x" + c.height).join(" ")), "390x360 390x360",
                 "on a phone");
    await expectAccessible(page, "the gallery on a phone");
    await page.setViewport({ width: 1000, height: 4000 });

    /* from a file, with no GIF beside it: the page carries it */
    fs.renameSync(path.join(dir, "cli.gif"), path.join(dir, "away.gif"));
    await page.goto("file://" + path.join(dir, "cli.html") + "#step=2");
    await expectPlayers(page, "paused | n = 2: y[2] = 1.5 | 2", "--html from a file");
    await page.focus("canvas");
    await key(page, "ArrowRight");
    await expectPlayers(page, "paused | n = 3: y[3] = 0.75 | 3", "right arrow, from a file");
    await expectSpacePlays(page, "n = 4: y[4] = 0.25", "space plays, from a file");
    await expectAccessible(page, "--html from a file");
    await page.goto("file://" + path.join(dir, "inline.html"));
    assert.match(await players(page), /^playing \| Frame [1-5] of 5\. \| [0-4]$/,
                 "embed --player --inline from a file");
    fs.renameSync(path.join(dir, "away.gif"), path.join(dir, "cli.gif"));

    /* a page that links its GIF, from a file: the GIF as it is, why, and
     * every step in words */
    await page.goto("file://" + path.join(dir, "linked.html") + "#step=2");
    await page.waitForFunction(() => document.querySelector(".convanim-caption").textContent,
                               { timeout: 20000 });
    assert.deepEqual(await page.evaluate(() => ({
      gif: document.querySelector("figure img").getAttribute("src"),
      canvases: document.querySelectorAll("canvas").length,
      controls: document.querySelector(".convanim-controls").hidden,
      why: document.querySelector(".convanim-caption").textContent,
      steps: [...document.querySelectorAll(".convanim-steps li")].map(li => li.textContent)
    })), {
      gif: "cli.gif", canvases: 0, controls: true,
      why: "This browser cannot step through the animation on a page opened from a file; " +
           "open the page from a web server to step through it.",
      steps: ["n = 0: y[0] = 0", "n = 1: y[1] = 1", "n = 2: y[2] = 1.5", "n = 3: y[3] = 0.75",
              "n = 4: y[4] = 0.25"]
    }, "a page opened from a file");
    await expectAccessible(page, "a page opened from a file");

    /* Firefox's BiDi has no media emulation: a second browser, whose
     * reader asks for reduced motion */
    await browser.close();
    browser = await open({ "ui.prefersReducedMotion": 1 });
    page = (await browser.pages())[0];
    await page.goto(site + "/own/cli.html");
    await expectPlayers(page, "paused | n = 4: y[4] = 0.25 | 4", "reduced motion");
    await expectAccessible(page, "reduced motion");
    await page.goto(site + "/demo/index.html");
    /* gaussian_smoothing's f starts at -5: output step 88 stands at n = 83 */
    assert.match(await players(page), /^paused paused \| n = 83: y\[83\] = .* \| 88$/,
                 "reduced motion in the gallery");
  } finally {
    if (browser)
      await browser.close();
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const started = Date.now();
main().then(function () {
  console.log("firefox: the pages work (" + ((Date.now() - started) / 1000).toFixed(1) + " s)");
}, function (e) {
  fail(e.message);
});
