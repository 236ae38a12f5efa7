"""Chromium's memory for a tab the bot reads page after page.

Rows an app draws over the last page's leave those as garbage, which Chromium
collects late: reading 76 pages of 100 grew a tab from 97 to 197 MB, and one
collection of about 30 ms gave it back. The bot's Chromium exposes V8's
collector to pages under a name no app uses, and the bot's scripts call it
while they wait on the app anyway, for the answer to a page turn, say. Asked
through DevTools from Python, each collection stopped the bot instead.

The scripts ask for the "last resort" collection, the one DevTools runs: a
plain one left a tab of 175 MB at 76 MB, this one at 56 MB.
"""

from __future__ import annotations

# The apps' own scripts can see this name (and when it last ran) on their
# window; DevTools left nothing in the page, but stopped the bot to collect.
COLLECTOR = "connectorBotCollectGarbage"
# The V8 flag for Chromium's command line that exposes the collector. Chromium
# keeps only the last --js-flags it is given: any other V8 flag goes in this one.
EXPOSE_COLLECTOR = f"--js-flags=--expose-gc-as={COLLECTOR}"
# A collection takes about 30 ms; a tab reading a page every 150 ms leaves
# 2 MB of garbage a page, so twice a second holds it near 7 MB.
COLLECT_EVERY_MS = 500
# A press that turns a page draws it, leaving about 2 MB of garbage; presses in
# a row wait for no answer, so they collect by count, whatever the time since
# the last collection: 16 MB at most. A burst of 72 presses pays 9 collections.
PRESSES_PER_COLLECTION = 8

# Collects the page's garbage unless that was done within `due` ms (by default
# COLLECT_EVERY_MS; 0 collects now), or the collector is not exposed; says
# whether it collected.
COLLECT = f"""(due = {COLLECT_EVERY_MS}) => {{
  const now = Date.now();
  if (typeof window.{COLLECTOR} !== "function"
      || now - (window.{COLLECTOR}At || 0) < due) {{
    return false;
  }}
  window.{COLLECTOR}At = now;
  window.{COLLECTOR}({{type: "major", execution: "sync", flavor: "last-resort"}});
  return true;
}}"""
# After the press numbered `pressed` (from 0) in a burst, collects the
# page's garbage if it is one of every PRESSES_PER_COLLECTION.
AFTER_PRESS = f"""pressed => {{
  if (pressed % {PRESSES_PER_COLLECTION} === {PRESSES_PER_COLLECTION} - 1) {{
    ({COLLECT})(0);
  }}
}}"""
# Whether the page can call the collector.
EXPOSED = f"() => typeof window.{COLLECTOR} === 'function'"
# Waits `ms` for the app, collecting garbage first when it is due. Scripts
# pause right after a press, when the app's answer is on its way: with the
# apps' latency (100 ms in the benchmark) the collection is over before it.
PAUSE = f"""ms => {{
  ({COLLECT})();
  return new Promise(resolve => setTimeout(resolve, ms));
}}"""
