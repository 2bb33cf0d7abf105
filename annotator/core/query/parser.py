"""Reads a search query: a lexer into tokens, then a recursive-descent parser.

    query    := or_expr?
    or_expr  := and_expr ("OR" and_expr)*
    and_expr := unary (["AND"] unary)*
    unary    := ("NOT" | "-") unary | primary
    primary  := "(" or_expr ")" | WORD["*"] | '"' phrase '"'["*"] | NAME ":" value ["@" who]

Every error names the column (1-based) where the trouble starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from annotator.core.errors import QueryError
from annotator.core.query.syntax import (
    ALIASES,
    FILTERS,
    HAS,
    REVIEW_CATEGORIES,
    STATES,
    And,
    Contains,
    Everything,
    Filter,
    Node,
    Not,
    Or,
    Text,
    words,
)


class Kind(Enum):
    WORD = auto()
    PHRASE = auto()
    FIELD = auto()
    LPAREN = auto()
    RPAREN = auto()
    OR = auto()
    AND = auto()
    NOT = auto()
    END = auto()


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    column: int  # 1-based
    text: str = ""
    prefix: bool = False
    # FIELD only: the filter's name, its value and who it is about ("@...").
    name: str = ""
    value_column: int = 0
    who: str | None = None
    who_column: int = 0


_OPERATORS = {"OR": Kind.OR, "AND": Kind.AND, "NOT": Kind.NOT}
_STOP = set(" \t\r\n()\"")


class _Lexer:
    def __init__(self, query: str) -> None:
        self.query = query
        self.i = 0

    def error(self, reason: str, index: int) -> QueryError:
        return QueryError(reason, self.query, index + 1)

    def tokens(self) -> list[Token]:
        out: list[Token] = []
        q = self.query
        while True:
            while self.i < len(q) and q[self.i].isspace():
                self.i += 1
            if self.i >= len(q):
                out.append(Token(Kind.END, len(q) + 1))
                return out
            start, ch = self.i, q[self.i]
            if ch in "()":
                self.i += 1
                out.append(Token(Kind.LPAREN if ch == "(" else Kind.RPAREN, start + 1))
            elif ch == "-" and self._negates():
                self.i += 1
                out.append(Token(Kind.NOT, start + 1, "-"))
            elif ch == '"':
                text = self._quoted()
                prefix = self._star()
                self._expect_gap("a closing quote")
                out.append(Token(Kind.PHRASE, start + 1, text, prefix))
            else:
                out.append(self._bare(start))

    def _negates(self) -> bool:
        nxt = self.query[self.i + 1:self.i + 2]
        if nxt == "" or nxt.isspace() or nxt == ")":
            raise self.error("a '-' leaves out what follows it directly, with no space "
                             "(-word, -label:weapon); put a lone - in quotes", self.i)
        return True

    def _quoted(self) -> str:
        """The text between double quotes starting at self.i; moves past the closing one."""
        opening = self.i
        end = self.query.find('"', opening + 1)
        if end < 0:
            raise self.error("this quote is never closed", opening)
        self.i = end + 1
        return self.query[opening + 1:end]

    def _star(self) -> bool:
        if self.query[self.i:self.i + 1] == "*":
            self.i += 1
            return True
        return False

    def _expect_gap(self, after: str) -> None:
        if self.i < len(self.query) and self.query[self.i] not in _STOP:
            raise self.error(f"put a space after {after}", self.i)

    def _run(self, stops: str = "") -> str:
        start = self.i
        while self.i < len(self.query) and self.query[self.i] not in _STOP \
                and self.query[self.i] not in stops:
            self.i += 1
        return self.query[start:self.i]

    def _bare(self, start: int) -> Token:
        q = self.query
        colon = start
        while colon < len(q) and q[colon].isalpha():
            colon += 1
        if colon > start and q[colon:colon + 1] == ":":
            name = q[start:colon].lower()
            name = ALIASES.get(name, name)
            if name in FILTERS:
                self.i = colon + 1
                return self._field(name, start)
            after = q[colon + 1:colon + 2]
            if after and not after.isspace() and not after.startswith("/"):
                known = ", ".join(f"{n}:" for n in FILTERS)
                raise self.error(f"no filter called {q[start:colon]}: (filters are {known}); "
                                 "to search for the text, put it in quotes", start)
        text = self._run()
        if text in _OPERATORS:
            return Token(_OPERATORS[text], start + 1, text)
        prefix = text.endswith("*")
        return Token(Kind.WORD, start + 1, text[:-1] if prefix else text, prefix)

    def _field(self, name: str, start: int) -> Token:
        scoped = FILTERS[name][1]
        value_at = self.i
        prefix = False
        if self.query[self.i:self.i + 1] == '"':
            value = self._quoted()
            prefix = name == "title" and self._star()
        else:
            value = self._run("@" if scoped else "")
            if name == "title" and value.endswith("*"):
                value, prefix = value[:-1], True
        if not value.strip():
            raise self.error(f"{name}: needs a value right after the colon", value_at)
        who: str | None = None
        who_at = 0
        if self.query[self.i:self.i + 1] == "@":
            if not scoped:
                raise self.error(f"{name}: is not about one annotator; leave out the @",
                                 self.i)
            self.i += 1
            who_at = self.i
            who = self._quoted() if self.query[self.i:self.i + 1] == '"' else self._run()
            if not who.strip():
                raise self.error("name an annotator after the @", who_at)
        self._expect_gap(f"{name}:{value}")
        return Token(Kind.FIELD, start + 1, value, prefix, name, value_at + 1, who, who_at + 1)


#: Brackets nested deeper than this are refused (a query, not a stress test).
MAX_DEPTH = 50


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _Lexer(query).tokens()
        self.pos = 0
        self.depth = 0

    def error(self, reason: str, column: int) -> QueryError:
        return QueryError(reason, self.query, column)

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> Node:
        if self.peek().kind is Kind.END:
            return Everything()
        node = self.or_expr()
        token = self.peek()
        if token.kind is Kind.RPAREN:
            raise self.error("this ) closes no (", token.column)
        if token.kind is not Kind.END:  # pragma: no cover - every other token starts a term
            raise self.error("unexpected text", token.column)
        return node

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while self.peek().kind is Kind.OR:
            op = self.take()
            self._need_operand(op)
            items.append(self.and_expr())
        return _flat(Or, items)

    def and_expr(self) -> Node:
        items = [self.unary()]
        while True:
            kind = self.peek().kind
            if kind is Kind.AND:
                self._need_operand(self.take())
            elif kind not in (Kind.WORD, Kind.PHRASE, Kind.FIELD, Kind.LPAREN, Kind.NOT):
                break
            items.append(self.unary())
        return _flat(And, items)

    def _need_operand(self, op: Token) -> None:
        if self.peek().kind in (Kind.END, Kind.RPAREN, Kind.OR, Kind.AND):
            raise self.error(f"{op.text} needs something to search for after it", op.column)

    def unary(self) -> Node:
        token = self.peek()
        if token.kind is Kind.NOT:
            self.take()
            if self.peek().kind in (Kind.END, Kind.RPAREN, Kind.OR, Kind.AND):
                raise self.error(f"{token.text} needs something to leave out after it",
                                 token.column)
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.error(f"more than {MAX_DEPTH} NOTs in a row", token.column)
            node = Not(self.unary(), token.column)
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.kind is Kind.LPAREN:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.error(f"brackets nested more than {MAX_DEPTH} deep", token.column)
            if self.peek().kind is Kind.RPAREN:
                raise self.error("empty brackets", token.column)
            if self.peek().kind is Kind.END:
                raise self.error("this ( is never closed", token.column)
            node = self.or_expr()
            if self.peek().kind is not Kind.RPAREN:
                raise self.error("this ( is never closed", token.column)
            self.take()
            self.depth -= 1
            return node
        if token.kind is Kind.WORD:
            return self._text(token, token.text, "")
        if token.kind is Kind.PHRASE:
            return self._text(token, token.text, "the phrase ")
        if token.kind is Kind.FIELD:
            return self._field(token)
        if token.kind in (Kind.OR, Kind.AND):
            raise self.error(f"{token.text} needs something to search for before it",
                             token.column)
        if token.kind is Kind.RPAREN:
            raise self.error("this ) closes no (", token.column)
        raise self.error("the query ends too early", token.column)  # pragma: no cover

    def _text(self, token: Token, typed: str, what: str, *, title: bool = False,
              column: int | None = None) -> Text:
        found = words(typed)
        if not typed and token.prefix:
            raise self.error("a * ends a prefix: put it right after a word, as in Tu-16*",
                             column or token.column)
        if not found:
            raise self.error(f"{what}{typed!r} has no letters or digits to search for; "
                             "use contains:\"…\" for exact characters", column or token.column)
        if token.prefix and len(found) == 1 and len(found[0]) == 1:
            raise self.error("a prefix needs at least two letters or digits before the *",
                             column or token.column)
        return Text(tuple(found), token.prefix, token.column, typed, title)

    def _field(self, token: Token) -> Node:
        name, value = token.name, token.text.strip()
        who: tuple[str, ...] = ()
        if token.who is not None:
            who = tuple(w.strip() for w in token.who.split(",")) if name == "review" \
                else (token.who.strip(),)
            if not all(who):
                raise self.error("an empty annotator name in the list", token.who_column)
        if name == "contains":
            return Contains(token.text, token.column)
        if name == "title":
            return self._text(token, value, "title:", title=True, column=token.value_column)
        choices = {"state": STATES, "has": HAS,
                   "review": {c: c for c in REVIEW_CATEGORIES}}.get(name)
        if choices is not None:
            normal = choices.get(value.lower())
            if normal is None:
                allowed = ["todo", "started", "done"] if name == "state" \
                    else list(dict.fromkeys(choices.values()))
                raise self.error(f"{name}: takes {', '.join(allowed)}, not {value!r}",
                                 token.value_column)
            value = normal
        return Filter(name, value, who, token.column, token.value_column, token.who_column)


def _flat(kind: type[And] | type[Or], items: list[Node]) -> Node:
    if len(items) == 1:
        return items[0]
    out: list[Node] = []
    for item in items:
        out.extend(item.children if isinstance(item, kind) else (item,))
    return kind(tuple(out))


def parse(query: str) -> Node:
    """The tree of a query; the empty query is :class:`Everything`."""
    return _Parser(query).parse()
