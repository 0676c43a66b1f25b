from dashboard.sorting import page_of, sort_rows

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
