"""The caption bar of a headed run: the current step, at the foot of every page."""

from __future__ import annotations

import json
from contextlib import suppress

from loguru import logger
from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from bot.evidence import CAPTION_ID

# Runs in every new document. The bar ignores the pointer, so it never takes a
# click meant for the page, and lives in a closed shadow root, so no locator of a
# page object can ever match its words. Its stacking level is low, so the toasts
# an app raises stay readable on top of it. A fresh page asks for the text.
SCRIPT = """(id => {
  let text = null;
  const draw = value => {
    if (!document.body) return;
    let host = document.getElementById(id);
    if (!host) {
      host = document.createElement("div");
      host.id = id;
      Object.assign(host.style, {
        position: "fixed", left: 0, right: 0, bottom: 0, zIndex: 10,
        pointerEvents: "none",
      });
      text = document.createElement("div");
      Object.assign(text.style, {
        background: "rgba(23, 35, 60, .93)", color: "#fff", padding: "9px 24px",
        font: "600 17px 'Liberation Sans', Arial, sans-serif",
      });
      host.attachShadow({ mode: "closed" }).append(text);
      document.body.append(host);
    }
    text.textContent = value;
    host.hidden = !value;
  };
  window.__connectorBotCaption = draw;
  addEventListener("DOMContentLoaded", async () => {
    draw(await window.connectorBotCaptionText());
  });
})"""


class Caption:
    """Names the current step in a bar the person watching a headed run can read."""

    def __init__(self, context: BrowserContext) -> None:
        self.text = ""
        context.expose_function("connectorBotCaptionText", lambda: self.text)
        context.add_init_script(f"{SCRIPT}({json.dumps(CAPTION_ID)});")

    def show(self, page: Page, text: str) -> None:
        """Show `text` now, and on every page loaded until the next call."""
        self.text = text
        logger.debug("caption: {}", text)
        with suppress(PlaywrightError):
            page.evaluate("text => window.__connectorBotCaption?.(text)", text)
