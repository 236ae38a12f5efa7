"""Deterministic shop data: listings, SKUs and a sales history."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

STATUS_SHARES = (
    ("Pending", 0.04),
    ("Reviewing", 0.03),
    ("Failed", 0.04),
    ("Inactive", 0.10),
    ("Suspended", 0.03),
)

ADJECTIVES = (
    "Ceramic",
    "Cotton",
    "Travel",
    "Garden",
    "Studio",
    "Organic",
    "Kids",
    "Pet",
    "Bamboo",
    "Cozy",
    "Classic",
    "Linen",
)
NOUNS = (
    "Mug",
    "Candle",
    "Dog Leash",
    "Phone Case",
    "Plant Pot",
    "Notebook",
    "Water Bottle",
    "Lamp",
    "Hair Clip Set",
    "Tote Bag",
    "Blanket",
    "Hoodie",
)
COLOURS = ("BLK", "WHT", "RED", "BLU", "GRN")
SIZES = ("S", "M", "L", "XL")


@dataclass(frozen=True)
class SaleDay:
    """One product's sales on one day, `day` days before today."""

    day: int
    gmv_cents: int
    items: int
    orders: int


@dataclass(frozen=True)
class Product:
    """A product as both apps know it."""

    product_id: str
    title: str
    status: str
    skus: tuple[str, ...]
    sales: tuple[SaleDay, ...] = field(default=())


def _product_id(rng: random.Random, taken: set[str]) -> str:
    while True:
        candidate = "1729" + "".join(rng.choice("0123456789") for _ in range(15))
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def _statuses(rng: random.Random, count: int) -> list[str]:
    statuses: list[str] = []
    for status, share in STATUS_SHARES:
        statuses += [status] * round(count * share)
    statuses = statuses[: max(count - 1, 0)]
    statuses += ["Active"] * (count - len(statuses))
    rng.shuffle(statuses)
    return statuses


def _sales(rng: random.Random, first_day: int, last_day: int) -> tuple[SaleDay, ...]:
    price_cents = rng.randrange(899, 8999)
    days = rng.sample(range(first_day, last_day + 1), k=rng.randint(1, 6))
    sales = []
    for day in sorted(days):
        items = rng.randint(1, 40)
        orders = rng.randint(1, items)
        sales.append(SaleDay(day, items * price_cents, items, orders))
    return tuple(sales)


def generate(seed: int, count: int) -> list[Product]:
    """Make `count` products; the same seed always gives the same shop."""
    rng = random.Random(seed)
    taken: set[str] = set()
    products = []
    for status in _statuses(rng, count):
        product_id = _product_id(rng, taken)
        title = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        prefix = "".join(word[0] for word in title.split()).upper()
        variants = rng.sample(
            [f"{c}-{s}" for c in COLOURS for s in SIZES], k=rng.randint(1, 4)
        )
        skus = tuple(f"{prefix}-{product_id[-5:]}-{v}" for v in variants)
        roll = rng.random()
        if roll < 0.22:
            sales = _sales(rng, 0, 27)
        elif roll < 0.33:
            sales = _sales(rng, 28, 89)
        elif roll < 0.41:
            sales = _sales(rng, 95, 300)
        else:
            sales = ()
        products.append(Product(product_id, title, status, skus, sales))
    products.sort(key=lambda product: product.product_id)
    return products


def gmv_ladder(seed: int, count: int) -> list[Product]:
    """Every product Active; the i-th by ID sold i units for i x $10.25 yesterday."""
    shop = generate(seed, count)
    return [
        Product(
            product.product_id,
            product.title,
            "Active",
            product.skus,
            (SaleDay(1, rank * 1025, rank, 1),),
        )
        for rank, product in enumerate(shop, start=1)
    ]
