"""dumps_indented writes what json.dumps(..., ensure_ascii=False, indent=2) writes."""

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agenda.lib.indented_json import dumps_indented


def standard(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text() | st.integers() | st.none(), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(values)
def test_it_writes_any_json_value_as_json_dumps_does(value):
    assert dumps_indented(value) == standard(value)


def test_it_writes_a_jsonld_shape_as_json_dumps_does():
    value = {
        "@context": "https://schema.org",
        "name": 'Atelier « données » \u202f: l’été 😀 "cité" \\ \n\t\x00',
        "image": [],
        "location": {"@type": "Place", "geo": {"latitude": 48.85, "longitude": 2.35}},
        "subEvent": [{"isAccessibleForFree": True, "price": 0}, {}],
        "big": 10**30,
        "nan": math.nan,
    }
    assert dumps_indented(value) == standard(value)


@pytest.mark.parametrize("value", [{"a": object()}, {(1, 2): 1}])
def test_it_raises_what_json_dumps_raises(value):
    with pytest.raises(TypeError):
        standard(value)
    with pytest.raises(TypeError):
        dumps_indented(value)


def test_it_refuses_a_cycle_as_json_dumps_does():
    cycle: list = []
    cycle.append(cycle)
    with pytest.raises(ValueError, match="Circular"):
        dumps_indented(cycle)
