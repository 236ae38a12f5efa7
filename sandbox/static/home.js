// Seller Center home: a welcome panel and the navigation to Analytics.
"use strict";

const SELLER_LINKS = [["Home", "/"], ["Product analytics", "/analytics/products"]];

document.getElementById("root").replaceChildren(
  header(SELLER_LINKS, null),
  el("main", {}, el("h1", {}, "Welcome back"),
    el("p", {}, "Open Analytics → Product analytics to see how each product sells.")),
);
