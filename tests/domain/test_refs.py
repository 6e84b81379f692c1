from hypothesis import given
from hypothesis import strategies as st

from scrutiny_desktop.domain.refs import looks_like_ref, natural_key, ref_text


def test_refs_sort_the_way_people_count() -> None:
    refs = ["35.2", "10", "2", "35.1", "35.10", "1", "5a", "5"]
    assert sorted(refs, key=natural_key) == ["1", "2", "5", "5a", "10", "35.1", "35.2", "35.10"]


def test_text_and_numbers_sort_together_without_error() -> None:
    assert sorted(["CH10", "CH2", "7", "A"], key=natural_key) == ["7", "A", "CH2", "CH10"]


def test_ref_text_keeps_the_councils_ref() -> None:
    assert ref_text(25) == "25"
    assert ref_text(25.0) == "25"
    assert ref_text(35.1) == "35.1"
    assert ref_text(35.100000000000001) == "35.1"
    assert ref_text(" 35.10 ") == "35.10"


def test_notes_are_not_refs() -> None:
    assert looks_like_ref("25") and looks_like_ref("35.1") and looks_like_ref("CH01")
    assert not looks_like_ref("Notes:") and not looks_like_ref("*") and not looks_like_ref("Source")


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1))
def test_whole_number_refs_sort_numerically(numbers: list[int]) -> None:
    refs = [str(n) for n in numbers]
    assert [int(r) for r in sorted(refs, key=natural_key)] == sorted(numbers)
