"""The merchant's report of a run: report.html and products.csv, from its folder."""

from __future__ import annotations

import base64
import csv
import json
from collections import Counter
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.connectors import CONNECTORS
from bot.decisions import Action
from bot.errors import SettingsError
from bot.evidence import Step
from bot.summary import ProductRecord, Summary

ASSETS = Path(__file__).parent / "report_assets"
COLUMNS = (
    "Title",
    "Product ID",
    "SKUs",
    "GMV",
    "Items sold",
    "Orders",
    "Sales window",
    "Decision",
    "Reason",
    "Result",
)
NUMBER_COLUMNS = {"GMV", "Items sold", "Orders"}
SWITCH_NAMES = {
    "auto_link": "Auto-link",
    "order_sync": "Order sync",
    "sync_orders_to_shopify": "Sync orders to Shopify",
    "fulfillment_sync": "Fulfillment sync",
    "auto_fulfillment_update": "Auto fulfillment update",
}
ORDERS = {
    "off": "off: order and fulfillment sync switched off",
    "keep": "keep: order and fulfillment sync left as they were",
    "auto": "auto: order and fulfillment sync switched off for US shops only",
}
FILES = {
    "trace.zip": "Playwright trace: every action with its timing, and every "
    "request (open with 'playwright show-trace trace.zip'); it holds cookies, "
    "keep it with support",
    "video.webm": "video of the whole run",
    "run.log": "the run's log",
    "journal.jsonl": "each change, written before and after it was made",
    "summary.json": "this report's data, for machines",
    "products.csv": "the listing table below, for a spreadsheet",
    "plan.json": "the plan the run followed",
}


# Spreadsheets take a cell starting with one of these for a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def product_cells(product: ProductRecord, summary: Summary) -> list[str]:
    """One listing as the words the table and products.csv show."""
    approx = "≈" if product.approx else ""
    decision = product.action.value + (" (review)" if product.review else "")
    result = product.result + (
        f": {product.result_note}" if product.result_note else ""
    )
    read_sales = summary.mode == "keep-sales"
    return [
        product.title,
        product.product_id,
        ", ".join(product.skus),
        "" if product.gmv is None else f"{approx}${product.gmv:,.2f}",
        "" if product.items_sold is None else f"{approx}{product.items_sold}",
        "" if product.orders is None else f"{approx}{product.orders}",
        f"last {summary.sales_window_days} days" if read_sales else "not read",
        decision,
        product.reason,
        result,
    ]


def write_products_csv(summary: Summary, path: Path) -> Path:
    """Every listing with its decision and result, one row each."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for product in summary.products:
            writer.writerow(map(_as_text, product_cells(product, summary)))
    return path


def _as_text(cell: str) -> str:
    """A cell a spreadsheet shows as the text it is: one that starts like a
    formula, as a title such as '=HYPERLINK(...)' may, gets a leading quote."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def write_report(run_dir: Path) -> tuple[Path, Path]:
    """Write report.html and products.csv from the run folder's summary.json."""
    source = run_dir / "summary.json"
    try:
        data: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
        summary = Summary.model_validate(data)
    except FileNotFoundError as error:
        raise SettingsError(
            f"{str(run_dir)!r} has no summary.json; give the id of a run folder "
            "under the recordings folder"
        ) from error
    except (ValueError, ValidationError) as error:
        raise SettingsError(
            f"{str(source)!r} is not a summary connector-bot wrote: {error}"
        ) from error
    table = write_products_csv(summary, run_dir / "products.csv")
    page = run_dir / "report.html"
    page.write_text(render(summary, data, run_dir), encoding="utf-8")
    return page, table


def render(summary: Summary, data: dict[str, Any], run_dir: Path) -> str:
    """The whole report as one HTML document that needs nothing from a network."""
    title = f"{_connector_title(summary)} migration of {summary.shop or 'the shop'}"
    sections = [
        _facts(summary),
        _attention(summary, data),
        _counts(summary),
        _switches(summary, run_dir),
        _seller_center(summary),
        _products(summary),
        _plan(run_dir),
        _timeline(summary, run_dir),
        _privacy(summary),
        _files(run_dir),
    ]
    css = (ASSETS / "report.css").read_text(encoding="utf-8")
    script = (ASSETS / "report.js").read_text(encoding="utf-8")
    return (
        "<!doctype html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        f"<title>{escape(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n" + "\n".join(sections) + f"\n<script>\n{script}"
        "</script>\n</body>\n</html>\n"
    )


def _connector_title(summary: Summary) -> str:
    kind = CONNECTORS.get(summary.connector)
    return kind.title if kind else summary.connector


def _when(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).strftime("%d %b %Y, %H:%M:%S")
    except ValueError:
        return stamp or "not recorded"


def _duration(summary: Summary) -> str:
    try:
        start = datetime.fromisoformat(summary.started)
        seconds = (datetime.fromisoformat(summary.finished) - start).total_seconds()
    except ValueError:
        return ""
    minutes, rest = divmod(int(seconds), 60)
    return f" ({minutes} min {rest} s)" if minutes else f" ({rest} s)"


def _facts(summary: Summary) -> str:
    mode = {
        "all": "all: every Active listing is deactivated (a full switch)",
        "keep-sales": "keep-sales: listings with sales in the last "
        f"{summary.sales_window_days} days stay live, the others are deactivated",
    }.get(summary.mode, summary.mode)
    facts = [
        ("Shop", f"{summary.shop or 'name not read'}, region {summary.region or '?'}"),
        ("Connector left", _connector_title(summary)),
        ("Mode", mode),
        ("Order sync", ORDERS.get(summary.orders, summary.orders)),
        ("Started", _when(summary.started)),
        ("Finished", _when(summary.finished) + _duration(summary)),
        ("Run", summary.run_id),
    ]
    if summary.sales_source:
        facts.insert(4, ("Sales read from", summary.sales_source))
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    outcome = {
        "verified": "Done and verified: the shop is in the planned state",
        "failed": "Not finished: some changes failed, see below",
        "stopped": "Stopped before the end, see below",
        "planned": "Planned only: nothing in the shop was changed",
    }[summary.outcome]
    return (
        f"<p><span class='outcome {summary.outcome}'>{escape(outcome)}</span></p>\n"
        f"<dl class='facts'>{rows}</dl>"
    )


def _attention(summary: Summary, data: dict[str, Any]) -> str:
    items = [escape(problem) for problem in summary.problems]
    for product in summary.products:
        if product.result == "failed":
            items.append(
                f"<b>{escape(product.title)}</b> ({escape(product.product_id)}) "
                f"was meant to be {_meant(product)} but "
                f"{escape(product.result_note or 'did not end that way')}."
            )
    items += [escape(_event_words(event)) for event in data.get("events") or []]
    review = [p for p in summary.products if p.review]
    notes = "".join(f"<li>{escape(notice)}</li>" for notice in summary.notices)
    if not items and not review:
        return (
            "<section class='attention clear'><h2>Needs your attention</h2>"
            "<p>Nothing. Every change was read back from the app and matches the "
            f"plan.</p>{f'<ul>{notes}</ul>' if notes else ''}</section>"
        )
    parts = ["<section class='attention'><h2>Needs your attention</h2>"]
    if items:
        parts.append(
            "<h3>What did not go to plan</h3><ul>"
            + "".join(f"<li>{item}</li>" for item in items)
            + "</ul>"
        )
    if review:
        parts.append(
            f"<h3>{len(review)} listings kept live for you to review</h3>"
            "<p>Their sales could not be established, so the bot left them live "
            "rather than risk switching off a product that sells.</p><ul>"
            + "".join(
                f"<li><b>{escape(p.title)}</b> ({escape(p.product_id)}): "
                f"{escape(p.reason)}</li>"
                for p in review
            )
            + "</ul>"
        )
    if notes:
        parts.append(f"<h3>Good to know</h3><ul>{notes}</ul>")
    parts.append("</section>")
    return "\n".join(parts)


def _event_words(event: object) -> str:
    """A retry, failure or skip the run recorded, whatever fields it carries."""
    if isinstance(event, dict):
        return "; ".join(f"{k}: {v}" for k, v in event.items() if v not in ("", None))
    return str(event)


def _meant(product: ProductRecord) -> str:
    return "deactivated" if product.action is Action.DEACTIVATE else "kept live"


def _counts(summary: Summary) -> str:
    rows = []
    for status, before in summary.counts_before.items():
        after = summary.counts_after.get(status)
        change = "" if after is None or after == before else f"{after - before:+d}"
        rows.append(
            f"<tr><td>{escape(status.capitalize())}</td><td class='num'>{before}</td>"
            f"<td class='num'>{'' if after is None else after}</td>"
            f"<td class='num'>{change}</td></tr>"
        )
    body = "".join(rows) or "<tr><td colspan='4'>The listings were not read.</td></tr>"
    return (
        f"<h2>Listings per status in {escape(_connector_title(summary))}</h2>"
        "<table id='counts'><thead><tr><th>Status</th><th class='num'>Before</th>"
        "<th class='num'>After</th><th class='num'>Change</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _switches(summary: Summary, run_dir: Path) -> str:
    if not summary.switches:
        return "<h2>Switches</h2><p>No switch was changed.</p>"
    steps = {step.number: step for step in summary.steps}
    rows = []
    for switch in summary.switches:
        step = steps.get(switch.step or 0)
        shots = (
            [step.screenshots[0], step.screenshots[-1]]
            if step and step.screenshots
            else []
        )
        figures = "".join(
            f"<figure>{_image(run_dir, shot, caption)}"
            f"<figcaption>{caption}</figcaption></figure>"
            for shot, caption in zip(shots, ("before", "after"), strict=False)
        )
        result = switch.result + (f": {switch.note}" if switch.note else "")
        rows.append(
            f"<tr><td>{escape(SWITCH_NAMES.get(switch.key, switch.key))}</td>"
            f"<td>{_on(switch.before)}</td><td>{_on(switch.after)}</td>"
            f"<td class='result-{switch.result}'>{escape(result)}</td>"
            f"<td class='pair'>{figures}</td></tr>"
        )
    return (
        "<h2>Switches</h2><table id='switches'><thead><tr><th>Switch</th>"
        "<th>Before</th><th>After</th><th>Result</th><th>Screenshots</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _on(value: bool | None) -> str:
    return "not read" if value is None else ("on" if value else "off")


def _seller_center(summary: Summary) -> str:
    deactivated = [p for p in summary.products if p.result == "deactivated"]
    kept = sum(p.result == "kept" for p in summary.products)
    url = summary.settings.get("seller_center_url", "")
    where = (
        f" (<a href='{escape(url, quote=True)}/analytics/products'>{escape(url)}</a>)"
        if url
        else ""
    )
    steps = [
        f"Open TikTok Shop Seller Center{where} and go to "
        "<b>Analytics → Product analytics</b>.",
        "Set the <b>Status</b> filter to <b>Inactive</b>. Deactivated listings keep "
        "their history there.",
    ]
    if deactivated:
        first = deactivated[0]
        steps[1] += (
            f" You should find the {len(deactivated)} listings this run deactivated, "
            f"for example <b>{escape(first.title)}</b> ({escape(first.product_id)})."
        )
    if kept:
        steps.append(
            f"Set it to <b>Active</b> to see the {kept} listings that stay live."
        )
    items = "".join(f"<li>{step}</li>" for step in steps)
    return f"<h2>Check it yourself in Seller Center</h2><ol>{items}</ol>"


def _products(summary: Summary) -> str:
    heads = "".join(
        f"<th class='num' data-type='number'>{name}</th>"
        if name in NUMBER_COLUMNS
        else f"<th>{name}</th>"
        for name in COLUMNS
    )
    rows = []
    for product in summary.products:
        cells = product_cells(product, summary)
        sort = {
            "GMV": product.gmv,
            "Items sold": product.items_sold,
            "Orders": product.orders,
        }
        row = []
        for name, text in zip(COLUMNS, cells, strict=True):
            if name in NUMBER_COLUMNS:
                value = sort[name]
                key = "" if value is None else str(value)
                row.append(f"<td class='num' data-sort='{key}'>{escape(text)}</td>")
            elif name == "Result":
                row.append(f"<td class='result-{product.result}'>{escape(text)}</td>")
            elif name == "Decision" and product.review:
                word = escape(product.action.value)
                row.append(f"<td>{word} <span class='review'>review</span></td>")
            else:
                row.append(f"<td>{escape(text)}</td>")
        rows.append(
            f"<tr data-product-id='{escape(product.product_id)}'>{''.join(row)}</tr>"
        )
    total = len(summary.products)
    results = Counter(p.result for p in summary.products)
    tally = ", ".join(f"{n} {result}" for result, n in sorted(results.items()))
    return (
        f"<h2>Every Active listing ({total})</h2>"
        f"<p>{escape(tally) or 'No Active listing was read.'}</p>"
        "<div class='toolbar'><input id='search' type='search' "
        "aria-label='Search listings' placeholder='Search title, ID, SKU, reason…'>"
        f"<span id='shown' class='muted'>{total} of {total} listings shown</span></div>"
        f"<table id='products' class='sortable'><thead><tr>{heads}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _plan(run_dir: Path) -> str:
    path = run_dir / "plan.json"
    if not path.exists():
        return ""
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return "<h2>Plan</h2><p>plan.json is in the run folder but cannot be read.</p>"
    entries = _plan_entries(plan)
    actions = Counter(str(entry.get("action", "?")) for entry in entries)
    tally = ", ".join(f"{n} {action}" for action, n in sorted(actions.items()))
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{escape(str(entry.get(key, '')))}</td>"
            for key in ("product_id", "title", "action", "reason")
        )
        + "</tr>"
        for entry in entries
    )
    return (
        f"<h2>Plan</h2><p>The run followed <a href='plan.json'>plan.json</a>: "
        f"{len(entries)} decisions ({escape(tally)}).</p>"
        "<table id='plan' class='sortable'><thead><tr><th>Product ID</th>"
        "<th>Title</th><th>Action</th><th>Reason</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _plan_entries(plan: object) -> list[dict[str, Any]]:
    """The per-listing decisions in a plan, wherever the plan keeps them."""
    if isinstance(plan, dict):
        for key in ("decisions", "products", "listings", "actions"):
            if isinstance(plan.get(key), list):
                plan = plan[key]
                break
    if not isinstance(plan, list):
        return []
    return [entry for entry in plan if isinstance(entry, dict)]


def _image(run_dir: Path, relative: str, caption: str) -> str:
    path = run_dir / relative
    if not path.is_file():
        return f"<span class='muted'>({escape(caption)}: screenshot missing)</span>"
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (
        f"<img src='data:image/png;base64,{data}' alt='{escape(caption, quote=True)}'"
        f" title='{escape(relative, quote=True)}'>"
    )


def _timeline(summary: Summary, run_dir: Path) -> str:
    if not summary.steps:
        return "<h2>Step by step</h2><p>No step was started.</p>"
    items = [_step(step, run_dir) for step in summary.steps]
    return (
        "<h2>Step by step</h2><p class='muted'>An orange frame marks what the bot "
        "was about to click. Click a screenshot to enlarge it.</p>"
        f"<ol class='steps'>{''.join(items)}</ol>"
    )


def _step(step: Step, run_dir: Path) -> str:
    figures = "".join(
        f"<figure>{_image(run_dir, shot, step.captions.get(shot, shot))}"
        f"<figcaption>{escape(step.captions.get(shot, shot))}</figcaption></figure>"
        for shot in step.screenshots
    )
    status = {"done": "done", "failed": "failed", "running": "did not finish"}
    return (
        f"<li class='{step.status}' id='step-{step.number}'>"
        f"<h3>Step {step.number}: {escape(step.title)}</h3>"
        f"<p class='muted'>{status[step.status]} in {step.seconds:.1f} s"
        f"{' - ' + escape(step.note) if step.note else ''}</p>"
        f"<div class='shots'>{figures}</div></li>"
    )


def _privacy(summary: Summary) -> str:
    if not summary.redacted:
        return (
            "<h2>Personal data</h2><p>The screenshots were not redacted: they show "
            "what the apps showed. Run with <code>--redact</code> to mask the "
            "account's personal data.</p>"
        )
    rows = "".join(
        f"<li>{escape(area.name)}: masked in {area.screenshots} screenshots</li>"
        for area in summary.masked_areas
    )
    return (
        "<h2>Personal data</h2><p>These areas were masked with a grey box in every "
        f"screenshot that showed them:</p><ul>{rows}</ul>"
        "<p>In the video they were hidden while the pages were drawn (Playwright "
        "cannot mask the frames of a video itself). The trace keeps the pages' "
        "text, personal data included: it is for support, not for sharing.</p>"
    )


def _files(run_dir: Path) -> str:
    links = "".join(
        f"<li><a href='{name}'>{name}</a>: {escape(what)}</li>"
        for name, what in FILES.items()
        if (run_dir / name).exists() or name == "products.csv"
    )
    return (
        "<h2>Files of this run</h2><p>Beside this report in the run folder:</p>"
        f"<ul>{links}</ul>"
    )
