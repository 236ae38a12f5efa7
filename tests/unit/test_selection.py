"""The proof a page's selection must pass before the bot deactivates it."""

from __future__ import annotations

from flows.deactivate_listings import selection_problem

TODO = ["1729000000000000001", "1729000000000000002"]


def test_the_meant_rows_ticked_and_counted_pass() -> None:
    assert selection_problem(TODO, 2, set(TODO)) is None


def test_a_right_count_over_the_wrong_rows_is_refused() -> None:
    # The page shifted under the clicks: two rows ticked, but one is not meant.
    ticked = {TODO[0], "1729000000000000009"}
    assert selection_problem(TODO, 2, ticked) == (
        "the app shows 2 selected where this page's 2 were meant "
        "(1 other rows ticked, 1 meant rows not ticked)"
    )


def test_right_rows_with_a_selection_beyond_the_page_are_refused() -> None:
    assert selection_problem(TODO, 30, set(TODO)) == (
        "the app shows 30 selected where this page's 2 were meant"
    )
