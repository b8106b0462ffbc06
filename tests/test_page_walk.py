"""The folders `agenda import` and `agenda check` read are walked with one `scandir` a folder:
the same pages, in the same order, and the same files passed over as `Path.rglob` gave."""

import os
from pathlib import Path

from agenda.lib.frontmatter import Skipped, find_pages, starts_with_front_matter

PAGE = "---\ntitle: Page\n---\nTexte\n"


def _as_rglob_found(root: Path) -> tuple[list[Path], list[Skipped]]:
    """The walk as it was: every path under the folder, sorted, then sorted out."""
    pages, skipped = [], []
    for candidate in sorted(root.rglob("*")):
        relative = candidate.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or not candidate.is_file():
            continue
        if candidate.suffix not in (".markdown", ".md"):
            continue
        if not starts_with_front_matter(candidate):
            skipped.append(Skipped(candidate, "pas de front matter (---) : pas une page"))
            continue
        pages.append(candidate)
    return pages, skipped


def _tree(root: Path) -> None:
    files = {
        "a.md": PAGE, "b.markdown": PAGE, "README.md": "# Lisez-moi\n", "notes.txt": PAGE,
        "a-b/c.md": PAGE, "a/b.md": PAGE, "a/z/y.md": PAGE, "A/d.md": PAGE, ".cache/e.md": PAGE,
        "f/.g.md": PAGE, "f/h.md.bak": PAGE, "f/i.": PAGE, "é/ü.md": PAGE, "x.md/j.md": PAGE,
        "k.MD": PAGE, "l..md": PAGE, "m/n/o/p.markdown": "\ufeff" + PAGE,
    }  # fmt: skip
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "liens").mkdir()
    (root / "liens" / "vers-a.md").symlink_to(root / "a.md")
    (root / "liens" / "dossier").symlink_to(root / "a")
    (root / "liens" / "dossier.md").symlink_to(root / "a")
    (root / "liens" / "cassé.md").symlink_to(root / "absent.md")
    os.mkfifo(root / "tube.md")
    (root / os.fsdecode(b"nom-\xff.md")).write_text(PAGE, encoding="utf-8")


def test_a_folder_is_walked_as_rglob_walked_it(tmp_path):
    _tree(tmp_path)
    found = find_pages([tmp_path])
    pages, skipped = _as_rglob_found(tmp_path)
    assert found.pages == pages and found.skipped == skipped
    assert len(pages) >= 12 and [s.path.name for s in skipped] == ["README.md"]


def test_files_named_are_read_whatever_they_are_and_folders_walked_in_turn(tmp_path):
    _tree(tmp_path)
    named = [tmp_path / "notes.txt", tmp_path / "a", tmp_path / "tube.md", tmp_path / "m"]
    found = find_pages(named)
    assert found.pages == [
        tmp_path / "notes.txt",
        *_as_rglob_found(tmp_path / "a")[0],
        tmp_path / "tube.md",
        tmp_path / "m" / "n" / "o" / "p.markdown",
    ]
