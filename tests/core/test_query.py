"""The search query language: what each form parses to, and errors that point at the column."""

from __future__ import annotations

import pytest

from annotator.core.errors import QueryError
from annotator.core.query import (
    REVIEW_CATEGORIES,
    And,
    Contains,
    Everything,
    Filter,
    Node,
    Not,
    Or,
    Text,
    parse,
    words,
)


def show(node: Node) -> str:
    """A compact spelling of a tree, to compare against."""
    if isinstance(node, Everything):
        return "*"
    if isinstance(node, Text):
        head = "title:" if node.title else ""
        return head + "[" + " ".join(node.words) + ("…" if node.prefix else "") + "]"
    if isinstance(node, Contains):
        return f"contains({node.needle})"
    if isinstance(node, Filter):
        who = "@" + ",".join(node.who) if node.who else ""
        return f"{node.name}={node.value}{who}"
    if isinstance(node, Not):
        return f"-{show(node.child)}"
    if isinstance(node, And):
        return "(" + " & ".join(show(c) for c in node.children) + ")"
    if isinstance(node, Or):
        return "(" + " | ".join(show(c) for c in node.children) + ")"
    raise AssertionError(node)


@pytest.mark.parametrize(("query", "tree"), [
    ("", "*"),
    ("   ", "*"),
    ("Shoigu", "[Shoigu]"),
    ("Tu-160", "[Tu 160]"),
    ("S-300", "[S 300]"),
    ("AK-103", "[AK 103]"),
    ("Tu-16*", "[Tu 16…]"),
    ("Shoi*", "[Shoi…]"),
    ("S-3*", "[S 3…]"),  # one letter is enough after other words
    ('"Tu-160 bombers"', "[Tu 160 bombers]"),
    ('"strategic bomb"*', "[strategic bomb…]"),
    ('"Russia’s defence"', "[Russia s defence]"),
    ("Moscow Caracas", "([Moscow] & [Caracas])"),
    ("Moscow AND Caracas", "([Moscow] & [Caracas])"),
    ("Moscow OR Caracas", "([Moscow] | [Caracas])"),
    ("a OR b c", "([a] | ([b] & [c]))"),
    ("(a OR b) c", "(([a] | [b]) & [c])"),
    ("a or b", "([a] & [or] & [b])"),  # only capital OR is the operator
    ("-Shoigu", "-[Shoigu]"),
    ("NOT Shoigu", "-[Shoigu]"),
    ("-(a OR b)", "-([a] | [b])"),
    ("anti-aircraft", "[anti aircraft]"),
    ("state:done", "state=done"),
    ("state:todo", "state=todo"),
    ("state:started", "state=in_progress"),
    ("state:in-progress", "state=in_progress"),
    ("STATE:Done", "state=done"),
    ("state:done@alice", "state=done@alice"),
    ("label:weapon", "label=weapon"),
    ("-label:weapon", "-label=weapon"),
    ('label:"air defence"@"Alice Smith"', "label=air defence@Alice Smith"),
    ("annotator:bob", "annotator=bob"),
    ("by:bob", "annotator=bob"),
    ("has:suggestions", "has=suggestions"),
    ("has:suggestions@model", "has=suggestions@model"),
    ("has:spans", "has=spans"),
    ("review:label@alice,bob", "review=label@alice,bob"),
    ("review:conflict", "review=conflict"),
    ("contains:S-3", "contains(S-3)"),
    ('contains:"to the"', "contains(to the)"),
    ("contains:a@b", "contains(a@b)"),
    ("title:Shoigu", "title:[Shoigu]"),
    ("title:Shoi*", "title:[Shoi…]"),
    ('title:"Russia to"', "title:[Russia to]"),
    ("S-300 -label:weapon state:todo", "([S 300] & -label=weapon & state=todo)"),
    ("12:30", "[12 30]"),
    ("https://tass.com/x", "[https tass com x]"),
])
def test_parses(query: str, tree: str) -> None:
    assert show(parse(query)) == tree


@pytest.mark.parametrize(("query", "column", "says"), [
    ('"Tu-160', 1, "never closed"),
    ("(a OR b", 1, "( is never closed"),
    ("a OR b)", 7, ") closes no ("),
    ("a OR", 3, "OR needs something to search for after it"),
    ("OR a", 1, "OR needs something to search for before it"),
    ("a AND AND b", 3, "AND needs something"),
    ("a NOT", 3, "NOT needs something to leave out"),
    ("- a", 1, "leaves out what follows it directly"),
    ("()", 1, "empty brackets"),
    ("a lable:weapon", 3, "no filter called lable:"),
    ("state:finished", 7, "state: takes todo, started, done"),
    ("has:labels", 5, "has: takes suggestions, spans"),
    ("review:agree", 8, "review: takes agreed"),
    ("label:", 7, "needs a value"),
    ("label: weapon", 7, "needs a value"),
    ("state:done@", 12, "name an annotator after the @"),
    ('contains:"x"@bob', 13, "contains: is not about one annotator"),
    ("annotator:", 11, "needs a value"),
    ("—", 1, "no letters or digits"),
    ('""', 1, "no letters or digits"),
    ("*", 1, "a * ends a prefix"),
    ("(" * 60 + "a" + ")" * 60, 51, "nested more than 50 deep"),
    ("NOT " * 60 + "a", 201, "more than 50 NOTs in a row"),
    ('"a"b', 4, "put a space after a closing quote"),
    ("review:label@alice,", 14, "empty annotator name"),
    ("Tu T*", 4, "a prefix needs at least two letters"),
])
def test_errors_point_at_the_column(query: str, column: int, says: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse(query)
    error = caught.value
    assert says in str(error)
    assert error.column == column, str(error)
    assert str(error).startswith(f"column {column}: ")
    caret = error.pointer().splitlines()[1]
    assert caret == " " * (column - 1) + "^"


def test_words_are_runs_of_letters_and_digits() -> None:
    assert words("Tu-160, S-300 and the АК-103 (Kalashnikov’s)") == [
        "Tu", "160", "S", "300", "and", "the", "АК", "103", "Kalashnikov", "s"]
    assert words("snake_case 😀 x") == ["snake", "case", "x"]


def test_review_categories_are_those_of_the_review() -> None:
    from annotator.services.review import Category

    assert set(REVIEW_CATEGORIES) - {"conflict"} == {c.value for c in Category} - {"added"}
