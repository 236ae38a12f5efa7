// A tab Export opens: it says what is happening, then fetches the file itself.
"use strict";

document.getElementById("root").replaceChildren(
  el("main", {}, el("h1", {}, "Exporting product analytics"),
    el("p", {}, "Your download starts in a moment. You can close this tab afterwards.")),
);
setTimeout(() => location.assign(`/api/analytics/products/export${location.search}`), 300);
