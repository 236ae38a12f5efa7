// Settings: General and Channel settings, with product and order sync switches.
"use strict";

const SECTIONS = [
  ["Product sync", [
    ["auto_link", "Auto-link", "Link new TikTok Shop products to store products automatically."],
  ]],
  ["Order sync", [
    ["order_sync", "Order sync", "Sync new TikTok Shop orders."],
    ["sync_orders_to_shopify", "Sync orders to Shopify", "Create synced orders in Shopify."],
    ["fulfillment_sync", "Fulfillment sync", "Send fulfillments back to TikTok Shop."],
    ["auto_fulfillment_update", "Auto fulfillment update", "Update tracking automatically."],
  ]],
];

// With save-disabled-while-saving the whole form is aria-disabled while a save
// is in flight, but, as aria-disabled alone does, it still takes clicks.
const LOCKS = hazard("save-disabled-while-saving");
const ROLLS_BACK = !hazard("save-fails-silently");

const view = { tab: "general", settings: null, shop: null, saving: 0 };

// The switch moves at once and the save follows; a failed save puts it back,
// except under save-fails-silently, where it keeps showing what was not saved.
async function flip(key) {
  if (view.saving && !LOCKS) return;
  const was = view.settings[key];
  view.settings[key] = !was;
  view.saving += 1;
  render();
  try {
    const saved = await api("/api/settings", { method: "PATCH", body: { [key]: !was } });
    view.settings[key] = saved[key];
    showToast("Settings saved");
  } catch (failure) {
    if (ROLLS_BACK) view.settings[key] = was;
    if (!(failure instanceof Unauthenticated)) showToast(failure.message, "alert");
  }
  view.saving -= 1;
  render();
}

function toggle([key, label, help]) {
  const on = view.settings[key];
  return el(
    "div", { class: "setting" },
    el("div", {}, el("span", { class: "setting-label", id: `lbl-${key}` }, label),
      el("p", { class: "help" }, help)),
    el("button", {
      role: "switch", "aria-checked": String(on), "aria-label": label,
      "aria-disabled": LOCKS && view.saving ? "true" : null,
      class: on ? "switch on" : "switch", onclick: () => flip(key),
    }, el("span", { class: "knob" })),
  );
}

function channelPanel() {
  if (!view.settings) return spinner("Loading settings");
  return el("div", { role: "tabpanel", "aria-label": "Channel settings" },
    SECTIONS.map(([title, toggles]) =>
      el("section", { "aria-label": title }, el("h2", {}, title), toggles.map(toggle))));
}

function generalPanel() {
  if (!view.shop) return spinner("Loading shop");
  return el("div", { role: "tabpanel", "aria-label": "General" },
    el("dl", {},
      el("dt", {}, "Shop"), el("dd", {}, view.shop.name),
      el("dt", {}, "Shop region"), el("dd", { class: "region" }, view.shop.region),
      el("dt", {}, "Store owner"), el("dd", { class: "personal", title: "Store owner" }, view.shop.owner)));
}

function render() {
  const tab = (key, label) => el("button", {
    role: "tab", "aria-selected": String(view.tab === key),
    onclick: () => { view.tab = key; render(); },
  }, label);
  const links = [["Channel listings", "/listings"], ["Settings", "/settings"]];
  document.getElementById("root").replaceChildren(
    header(links, view.shop),
    el("main", {},
      el("h1", {}, "Settings"),
      el("div", { role: "tablist", "aria-label": "Settings" },
        tab("general", "General"), tab("channel", "Channel settings")),
      view.tab === "channel" ? channelPanel() : generalPanel()),
  );
}

render();
api("/api/shop").then((shop) => { view.shop = shop; render(); }).catch(() => {});
api("/api/settings").then((settings) => { view.settings = settings; render(); }).catch(() => {});
