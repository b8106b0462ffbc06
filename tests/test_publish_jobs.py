"""A publication's processes (`--jobs`): forked with this process's objects frozen, so that
their collections do not walk them again; this process collects them again afterwards."""

import gc

from agenda.site.publishing_jobs import run_tasks, shares


def frozen_objects() -> int:
    return gc.get_freeze_count()


def test_the_processes_find_the_objects_they_inherit_frozen_and_the_parent_gets_them_back():
    assert gc.get_freeze_count() == 0
    counts = list(run_tasks([(frozen_objects, ()), (frozen_objects, ())], jobs=2))
    assert len(counts) == 2 and min(counts) > 10_000  # Django and the project's modules
    assert gc.get_freeze_count() == 0


def test_one_process_freezes_nothing():
    assert list(run_tasks([(frozen_objects, ())], jobs=1)) == [0]


def test_items_are_dealt_so_that_a_run_of_costly_ones_is_shared():
    assert shares(list(range(7)), 3) == [[0, 3, 6], [1, 4], [2, 5]]
    assert shares([1], 4) == [[1]]
