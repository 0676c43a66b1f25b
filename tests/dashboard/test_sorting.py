from dashboard.sorting import page_of, sort_rows, sort_tree

KEYS = {"n": lambda r: r["n"]}


def test_sorts_ascending_by_name():
    rows, current = sort_rows([{"n": 2}, {"n": 1}], "n", KEYS, default="n")
    assert [r["n"] for r in rows] == [1, 2] and current == "n"


def test_leading_minus_sorts_descending():
    rows, _ = sort_rows([{"n": 1}, {"n": 2}], "-n", KEYS, default="n")
    assert [r["n"] for r in rows] == [2, 1]


def test_missing_values_sort_last_either_way():
    for sort in ("n", "-n"):
        rows, _ = sort_rows([{"n": None}, {"n": 1}, {"n": 2}], sort, KEYS, default="n")
        assert rows[-1]["n"] is None


def test_unknown_sort_falls_back_to_default():
    rows, current = sort_rows([{"n": 1}, {"n": 2}], "drop table", KEYS, default="-n")
    assert current == "-n" and rows[0]["n"] == 2


def test_page_of_bad_number_gives_first_page():
    assert page_of(list(range(120)), "abc", size=50).number == 1


def test_sort_tree_puts_children_under_their_parent_sorted_among_siblings():
    rows = [
        {"pk": 1, "up": None, "n": 2},
        {"pk": 2, "up": 1, "n": 5},
        {"pk": 3, "up": None, "n": 1},
        {"pk": 4, "up": 1, "n": 3},
        {"pk": 5, "up": 4, "n": 9},
    ]
    ordered, _ = sort_tree(rows, "-n", KEYS, default="n", pk=lambda r: r["pk"], parent=lambda r: r["up"])
    assert [r["pk"] for r in ordered] == [1, 2, 4, 5, 3]
