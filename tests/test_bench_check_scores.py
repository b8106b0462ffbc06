"""bench.check_scores: precision and recall per code from expected and found (code, line)."""

from bench.check_scores import counts, table


def test_it_counts_hits_false_alarms_and_misses_per_code_and_names_the_pages_that_differ():
    expected = {"a.markdown": [("other-year", 3), ("other-year", 9)], "b.markdown": []}
    got = {
        "a.markdown": [("other-year", 3), ("time-mismatch", 5), ("unsafe-html", 2)],
        "b.markdown": [("other-year", 4)],
    }
    per_code, wrong = counts(expected, got)
    assert dict(per_code["other-year"]) == {"tp": 1, "fp": 1, "fn": 1}
    assert dict(per_code["time-mismatch"]) == {"fp": 1, "tp": 0, "fn": 0}
    assert sorted(wrong) == [
        "a.markdown: other-year ligne 9 : attendu 1, trouvé 0",
        "a.markdown: time-mismatch ligne 5 : attendu 0, trouvé 1",
        "b.markdown: other-year ligne 4 : attendu 0, trouvé 1",
    ]
    lines = table(per_code).splitlines()
    assert lines[2].split() == ["other-year", "1", "1", "1", "0.50", "0.50"]
    assert lines[1].split()[-2:] == ["—", "—"]  # weekday-mismatch: nothing expected, nothing found
