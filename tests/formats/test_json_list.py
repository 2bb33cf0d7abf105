"""One big JSON list read item by item: the same values as json.loads, wherever the
read-ahead cuts the text, and nesting bombs refused at once."""

import io
import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotator.formats.jsonlist import JsonList, ListError
from annotator.formats.labelstudio import read_labelstudio

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=60, deadline=None)
@example(items=[0.0, -1.5e3, 12], chunk=1, indent=None, ascii_only=True)  # "0." of "0.0"
@given(items=st.lists(json_values, max_size=6), chunk=st.integers(1, 40),
       indent=st.sampled_from([None, 1]), ascii_only=st.booleans())
def test_items_are_what_json_loads_reads(items: list, chunk: int, indent: int | None,
                                         ascii_only: bool) -> None:
    data = json.dumps(items, indent=indent, ensure_ascii=ascii_only).encode("utf-8")
    assert list(JsonList(io.BytesIO(data), chunk=chunk)) == items


def test_a_byte_order_mark_and_white_space_are_fine() -> None:
    data = b"\xef\xbb\xbf \n[ 1 ,\n {\"a\": [2]} ]\n"
    assert list(JsonList(io.BytesIO(data), chunk=3)) == [1, {"a": [2]}]


@pytest.mark.parametrize(("data", "item", "reason"), [
    (b"[1, 2", 3, "found the end of the file"),
    (b"[1 2]", 2, "expected ',' or ']' after item 1"),
    (b'[{"a": 1}, {"a": }]', 2, "Expecting value"),
    (b'[{"a": "\xff"}]', 1, "invalid UTF-8"),
    (b"{}", 1, "expected a JSON list"),
])
def test_malformed_lists_say_which_item(data: bytes, item: int, reason: str) -> None:
    with pytest.raises(ListError, match=reason) as caught:
        list(JsonList(io.BytesIO(data), chunk=4))
    assert caught.value.item == item


@pytest.mark.parametrize("depth", [100_000, 400_000])
def test_a_nesting_bomb_is_refused_as_such(depth: int) -> None:
    data = b"[" * depth
    with pytest.raises(ListError, match="nested too deeply"):
        list(JsonList(io.BytesIO(data)))
    # Through the Label Studio reader: one located bad record, nothing built.
    (error,) = [item for _, item in read_labelstudio(io.BytesIO(data), path="bomb.json")]
    assert str(error).startswith("bomb.json:task 1: invalid JSON: nested too deeply")


def test_an_error_early_in_a_large_list_reads_no_further() -> None:
    bad = b'[{"a": 1}, {"a": tru}, ' + b'{"a": "' + b"x" * 5_000_000 + b'"}]'
    items = JsonList(io.BytesIO(bad), chunk=1024)
    with pytest.raises(ListError, match="Expecting value"):
        list(items)
    assert items.consumed < 10_000
