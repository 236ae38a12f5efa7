"""Scripts the Channel listings page runs in the browser, one round trip each.

Playwright's own waits and clicks take several round trips to the page, and a
wait per condition backs off up to half a second between looks; on controls
pressed once a page, a hundred pages a run, they add up to seconds. Each script
clicks only what a person could and reads what a person reads; anything else
it leaves to the page object's careful path.
"""

from __future__ import annotations

from pages.memory import AFTER_PRESS, PAUSE
from pages.widgets import CLICK_WHEN_CLEAR, READ_TICKS


def _as_json(script: str) -> str:
    """`script`, answering in one JSON string: Playwright's own serializing of a
    hundred-row answer costs more than the rest of a look (9 ms of 12)."""
    return f"async args => JSON.stringify(await ({script})(args))"


# Looks at the page in one round trip once it shows page `number` (any page when
# null) with its tab counts and nothing loading, and reads the page label, the
# tab labels and every row. A login form or a failed load ends the look early,
# for the caller to deal with as a person would. Rows carry their product ID
# only as a data attribute, which has no accessible name to go by. Its waits
# are when the page's garbage is collected (pages/memory.py).
_LOOK = (
    "async ([number, ms]) => {\n"
    f"  const pause = {PAUSE};\n"
    """  const deadline = Date.now() + ms;
  for (;;) {
    if (document.querySelector("input[type=password]")) return {kind: "login"};
    if (document.querySelector("[role=alert][aria-label='Loading failed']")) {
      return {kind: "failed"};
    }
    const pager = document.querySelector("nav[aria-label=Pagination]");
    const label = pager ? pager.innerText : "";
    const tabs = [...document.querySelectorAll(
      "[role=tablist][aria-label='Listing status'] [role=tab]")]
      .map(tab => tab.innerText.trim());
    const counted = tabs.some(tab => /^Active \\(\\d/.test(tab));
    const shown = number === null || label.includes(`Page ${number} of `);
    if (pager && counted && shown && !document.querySelector("[role=progressbar]")) {
      const rows = [...document.querySelectorAll("tr[data-product-id]")].map(row => {
        const cells = [...row.querySelectorAll("td")].map(td => td.innerText.trim());
        const [status, ...note] = cells[4].split("\\n");
        return {product_id: row.getAttribute("data-product-id"), title: cells[1],
                skus: cells[3], status: status, note: note.join(" ").trim()};
      });
      return {kind: "page", label, tabs, rows};
    }
    if (Date.now() > deadline) return null;
    await pause(10);
  }
}"""
)
LOOK = _as_json(_LOOK)
# Waits in the page until no load is running, or `ms` have passed.
IDLE = (
    "async ms => {\n"
    f"  const pause = {PAUSE};\n"
    """  const deadline = Date.now() + ms;
  while (document.querySelector("[role=progressbar]") && Date.now() < deadline) {
    await pause(10);
  }
}"""
)
# The pager's button with this word (Next or Previous), or null.
PAGER_BUTTON = """word => {
  const pager = document.querySelector("nav[aria-label=Pagination]");
  return pager && [...pager.querySelectorAll("button")]
    .find(node => node.innerText.trim() === word);
}"""
# Presses the pager's Next or Previous once no load runs, the way
# click_when_clear does, and looks at the page it turns to: one round trip a
# page instead of three. Presses only while the page is still `at`, the one
# last seen (null: any): after an action the app may have moved by itself,
# and the look then shows where it went. Says "disabled" when the button is
# off, and "blocked" without pressing when it is covered or missing, for
# Playwright to clear the way before the turn is tried again. A login form in
# place of the page (a session that ended under the bot's last action) is said
# as in a look.
_TURN = (
    "async ([button, number, at, idleMs, lookMs]) => {\n"
    f"  const idle = {IDLE};\n"
    f"  const press = {CLICK_WHEN_CLEAR};\n"
    f"  const look = {_LOOK};\n"
    f"  const find = {PAGER_BUTTON};\n"
    """  await idle(idleMs);
  if (document.querySelector("input[type=password]")) return {kind: "login"};
  const pager = document.querySelector("nav[aria-label=Pagination]");
  if (at !== null && pager && !pager.innerText.includes(`Page ${at} of `)) {
    return look([null, lookMs]);
  }
  const target = find(button);
  if (target && (target.disabled || target.getAttribute("aria-disabled") === "true")) {
    return {kind: "disabled"};
  }
  if (!target || !press(target)) return {kind: "blocked"};
  return look([number, lookMs]);
}"""
)
TURN = _as_json(_TURN)
# Turns Next from page `at` up to `times` times, each as TURN does, in one
# round trip: the survey's turns are most of a run, and Playwright's round trip
# and its trace of each call cost a third of a turn. Answers the looks in
# order; it stops after the first that is not the page it meant to turn to, for
# the caller to deal with as after a TURN.
TURNS = _as_json(
    "async ([times, at, idleMs, lookMs]) => {\n"
    f"  const turn = {_TURN};\n"
    """  const looks = [];
  for (let page = at; looks.length < times; page++) {
    const found = await turn(["Next", page + 1, page, idleMs, lookMs]);
    looks.push(found);
    const turned = found && found.kind === "page"
      && found.label.includes(`Page ${page + 1} of `);
    if (!turned) break;
  }
  return looks;
}"""
)
# Presses Next up to `limit` times, each once the app has drawn the page label
# of the last press, then looks at the page it lands on. The app starts a load
# for every press and draws only the latest, so the pages on the way are never
# waited for. Stops early when Next is off, covered, or the label does not
# move within `pressMs`; the caller walks on from wherever it landed. Each
# press draws a page of rows, so garbage is collected every few presses.
TO_LAST = _as_json(
    "async ([limit, idleMs, pressMs, lookMs]) => {\n"
    f"  const afterPress = {AFTER_PRESS};\n"
    f"  const idle = {IDLE};\n"
    f"  const press = {CLICK_WHEN_CLEAR};\n"
    f"  const look = {_LOOK};\n"
    f"  const find = {PAGER_BUTTON};\n"
    """  const shown = () => {
    const pager = document.querySelector("nav[aria-label=Pagination]");
    const match = pager && pager.innerText.match(/Page (\\d+) of/);
    return match ? match[1] : null;
  };
  await idle(idleMs);
  for (let pressed = 0; pressed < limit; pressed++) {
    const before = shown();
    const next = find("Next");
    if (before === null || !next || !press(next)) break;
    const deadline = Date.now() + pressMs;
    while (shown() === before && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 0));
    }
    if (shown() === before) break;
    afterPress(pressed);
  }
  return look([null, lookMs]);
}"""
)
# Reads the last pages of a status tab in a second tab, while the survey reads
# the first ones: waits for the app, opens the tab named `word` at `size` rows
# a page, presses Next as TO_LAST does until the label shows page `first`,
# then turns as TURNS does up to the last page, keeping every look. Runs on its
# own, not awaited: the caller takes `window.sideRead` when it has read its
# share. Whatever it meets that a look does not expect (a login, a failed load,
# a covered button) ends it early, and the caller reads on by itself.
SIDE_READ = (
    "([word, size, first, idleMs, pressMs, lookMs]) => {\n"
    "window.sideRead = (async () => {\n"
    f"  const afterPress = {AFTER_PRESS};\n"
    f"  const pause = {PAUSE};\n"
    f"  const press = {CLICK_WHEN_CLEAR};\n"
    f"  const look = {_LOOK};\n"
    f"  const find = {PAGER_BUTTON};\n"
    f"  const turn = {_TURN};\n"
    """  const looks = [];
  const shown = () => {
    const pager = document.querySelector("nav[aria-label=Pagination]");
    const match = pager && pager.innerText.match(/Page (\\d+) of (\\d+)/);
    return match ? [Number(match[1]), Number(match[2])] : [null, null];
  };
  const until = async (test, ms) => {
    const deadline = Date.now() + ms;
    while (!test() && Date.now() < deadline) {
      await pause(10);
    }
    return test();
  };
  const tab = () => [...document.querySelectorAll(
    "[role=tablist][aria-label='Listing status'] [role=tab]")]
    .find(node => node.innerText.trim().split(" (")[0] === word);
  const sizes = () => {
    const label = [...document.querySelectorAll("label")]
      .find(node => node.innerText.trim() === "Rows per page");
    return label && document.getElementById(label.htmlFor);
  };
  let found = await look([null, lookMs]);
  if (!found || found.kind !== "page" || !tab()) return looks;
  if (tab().getAttribute("aria-selected") !== "true") {
    if (!press(tab())) return looks;
    found = await look([1, lookMs]);
  }
  const box = sizes();
  if (box && box.value !== size) {
    box.value = size;
    box.dispatchEvent(new Event("change", {bubbles: true}));
    found = await look([1, lookMs]);
  }
  for (let pressed = 0;
    found && found.kind === "page" && shown()[0] !== null && shown()[0] < first;
    pressed++) {
    const before = shown()[0];
    const next = find("Next");
    if (!next || next.disabled || !press(next)) return looks;
    if (!await until(() => shown()[0] !== before, pressMs)) return looks;
    afterPress(pressed);
    if (shown()[0] === first) found = await look([first, lookMs]);
  }
  for (let page = first; ; page++) {
    if (!found || found.kind !== "page" || !found.label.includes(`Page ${page} of `)) {
      return looks;
    }
    looks.push(found);
    if (page >= shown()[1]) return looks;
    found = await turn(["Next", page + 1, page, idleMs, lookMs]);
  }
})(); }"""
)
# The second tab's looks once it is done, in one JSON string.
SIDE_LOOKS = _as_json("async () => window.sideRead")
# Presses Deactivate and confirms its dialog in one round trip, clicking only as
# click_when_clear would, and only when the dialog names `count` listings. Says
# how far it got, with the dialog's title: "unpressed" (nothing was clicked),
# "open" (the dialog is, or is about to be, open: unconfirmed, or confirmed by a
# press that did not close it) or "sent" (confirmed, and the dialog gone).
SEND = (
    "async ([count, ms]) => {\n"
    f"  const press = {CLICK_WHEN_CLEAR};\n"
    """  const button = (root, word) => [...root.querySelectorAll("button")]
    .find(node => node.innerText.trim() === word);
  const dialog = () => {
    const node = document.querySelector("[role=alertdialog]");
    return node && node.getClientRects().length ? node : null;
  };
  const until = async test => {
    const deadline = Date.now() + ms;
    while (!test() && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    return test();
  };
  const start = button(document, "Deactivate");
  if (!start || start.closest("[role=alertdialog]") || !press(start)) {
    return {kind: "unpressed", title: ""};
  }
  if (!await until(() => dialog() && dialog().querySelector("h2"))) {
    return {kind: "open", title: ""};
  }
  const title = dialog().querySelector("h2").innerText.trim();
  const number = title.match(/\\d[\\d,]*/);
  const yes = button(dialog(), "Deactivate");
  if (!number || Number(number[0].replace(/,/g, "")) !== count || !yes || !press(yes)) {
    return {kind: "open", title};
  }
  return {kind: await until(() => !dialog()) ? "sent" : "open", title};
}"""
)
# The product IDs of the ticked rows in one round trip, or null while the page
# loads or asks for a login, for the careful way round.
TICKED = (
    "() => {\n"
    f"  const read = {READ_TICKS};\n"
    """  const busy = "[role=progressbar], input[type=password], "
    + "[role=alert][aria-label='Loading failed']";
  if (document.querySelector(busy)) return null;
  const ticks = read([...document.querySelectorAll("tr[data-product-id]")]);
  return Object.keys(ticks).filter(id => ticks[id]);
}"""
)

# Ticks exactly the named rows of the shown page in one round trip, clicking
# only what a person could: each box is scrolled into view and must be the
# element at its own centre, so a box under a banner, a dialog or a page whose
# pointer events are off is never clicked. The app may draw the table again
# after a tick, so each box is looked up by its accessible name just before its
# click. Once the app has drawn the ticks, reads back which rows are ticked and
# the selection counter (found by its words, as a person reads it). Returns
# those, and the name of the first box it could not click, or null. Ticks
# nothing when the counter, before any tick, counts more than the page's
# ticked boxes: the app holds a selection beyond the page, and says how many.
TICK_ROWS = (
    "async ([names, ms]) => {\n"
    f"  const idle = {IDLE};\n"
    """  await idle(ms);
  const wanted = new Set(names);
  const boxes = () => [...document.querySelectorAll(
    "tr[data-product-id] input[type=checkbox]")];
  const counter = () => [...document.querySelectorAll("[aria-live]")]
    .map(node => node.innerText.trim())
    .find(text => /^\\d[\\d,]* selected$/.test(text)) || "";
  const shown = new Set(boxes().map(box => box.getAttribute("aria-label")));
  const missing = names.filter(name => !shown.has(name));
  if (missing.length) return {blocked: null, missing, ticked: [], counter: ""};
  const held = Number(counter().split(" ")[0].replace(/,/g, "")) || 0;
  if (held > boxes().filter(box => box.checked).length) {
    return {blocked: null, missing, ticked: [], counter: counter(), beyond: held};
  }
  let blocked = null;
  for (const name of boxes().map(box => box.getAttribute("aria-label"))) {
    const box = boxes().find(b => b.getAttribute("aria-label") === name);
    if (!box || box.disabled || box.checked === wanted.has(name)) continue;
    box.scrollIntoView({block: "center"});
    const edge = box.getBoundingClientRect();
    const hit = document.elementFromPoint(
      edge.left + edge.width / 2, edge.top + edge.height / 2);
    if (hit !== box) {
      blocked = name;
      break;
    }
    box.click();
  }
  await new Promise(resolve => setTimeout(resolve, 0));
  const ticked = boxes().filter(box => box.checked && !box.disabled)
    .map(box => box.getAttribute("aria-label"));
  return {blocked, missing, ticked, counter: counter(), beyond: 0};
}"""
)
# True once the tab named `word` reads other than `shown`, or the app asks for
# a login. Playwright's waits back off to a look every half second or second;
# a job's end is then seen that much late.
TAB_CHANGED = """([word, shown]) => {
  if (document.querySelector("input[type=password]")) return true;
  const tab = [...document.querySelectorAll(
    "[role=tablist][aria-label='Listing status'] [role=tab]")]
    .find(node => node.innerText.trim().split(" (")[0] === word);
  return Boolean(tab) && tab.innerText.trim() !== shown;
}"""
