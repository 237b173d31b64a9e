"""One parameter style for both engines, `:name`, translated here into what each driver sends.

    SELECT name FROM items WHERE id = :id AND owner = :owner        {"id": 1, "owner": "ann"}

A parameter is a colon and a name (ASCII letters, digits and `_`, not starting with a digit) outside
string literals, quoted identifiers, comments and PostgreSQL's dollar-quoted bodies. `::` (a cast),
`:=` and a colon before a digit or a space (an array slice) are not parameters. PostgreSQL gets
`$1, $2, ...` and the values apart from the text (the extended protocol); PyMySQL gets `%s`, which it
fills with values it escapes itself (every other `%` is doubled for its formatting). Values are
quoted by the drivers, never here. A statement without parameters is sent exactly as written.

A batch of an INSERT (or MySQL's REPLACE) whose parameters all sit in its VALUES group, among literals
and function calls as may be, goes as multi-row statements of at most MAX_STATEMENT_TEXT bytes: the
Statement's `fold` says how, drivers.batches() does it.

Standard library only, and no `re` (see config.py): statements are scanned once and kept.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Mapping, Sequence

from .errors import UsageError

NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
NAME = NAME_START | frozenset("0123456789")
SPACE = frozenset(" \t\r\n\f\v")
# RDS Proxy pins a session to its database connection for any statement over 16 KB of text (RDS Proxy
# limitations, Amazon RDS User Guide), so a batch is cut into statements of at most this size.
# (Well below PostgreSQL's 65535 parameters a statement: each takes at least three characters.)
MAX_STATEMENT_TEXT = 16 * 1024
CACHE_SIZE = 512

Rows = tuple[list[str], list[list]]  # what a statement returns: (column names, rows)


class Scan(namedtuple("Scan", "params words group foreign autocommit")):
    """Where a statement's parameters are: `params`, (start, end) of each `:name`; `words`, its first
    two words in upper case; `group`, (start, end) of the parenthesised group after a top-level VALUES,
    or None; `foreign`, the first placeholder of another style ($1, %s, %(name)s), or ""; `autocommit`,
    true for a SET that names the autocommit variable (not a user variable @autocommit)."""

    __slots__ = ()


class Statement(namedtuple("Statement", "text names control fold")):
    """A statement as one engine's driver takes it: `text`; `names`, the parameters in the order their
    values go (PostgreSQL: each name once, as $1, $2...; MySQL: every occurrence); `control`, true for a
    statement that begins or ends a transaction (SET autocommit too); `fold`, for an INSERT ... VALUES (...)
    whose parameters all sit in that group, (text before the group, the group's text up to its first
    parameter, (index in `names`, text up to the next parameter) for each parameter, text after the group),
    all as written (no `%` doubled), else None."""

    __slots__ = ()

    def values(self, params: Mapping | None) -> tuple | None:
        """The values to send, in placeholder order (None for a statement without parameters)."""
        if not self.names:
            return None
        if not isinstance(params, Mapping):
            raise UsageError(
                f"the statement has parameters ({', '.join(':' + n for n in self.names)}): "
                f"give their values as a mapping like {{{self.names[0]!r}: ...}}, not {type(params).__name__}"
            )
        try:
            return tuple([params[name] for name in self.names])
        except KeyError:
            missing = sorted({name for name in self.names if name not in params})
            raise UsageError(f"no value for parameter {', '.join(':' + n for n in missing)}") from None


_compiled: dict[str, dict[str, Statement]] = {"mysql": {}, "postgresql": {}}


def compile_statement(sql: str, engine: str) -> Statement:
    """The Statement for `sql` on `engine`, scanned on first use and then kept."""
    if not isinstance(sql, str):
        raise UsageError(f"a statement is a str, not {type(sql).__name__}")
    cache = _compiled[engine]
    statement = cache.get(sql)
    if statement is None:
        if len(cache) >= CACHE_SIZE:
            cache.clear()
        statement = cache[sql] = translate(sql, engine)
    return statement


def translate(sql: str, engine: str) -> Statement:
    scan = scan_statement(sql, engine)
    if scan.foreign:
        raise UsageError(f"{scan.foreign!r} is not a parameter here: write :name and pass {{'name': value}}")
    control = is_transaction_control(scan.words) or scan.autocommit
    if not scan.params:
        return Statement(sql, (), control, None)
    pieces = [sql[: scan.params[0][0]]]  # texts between parameters
    for (_, end), (start, _) in zip(scan.params, scan.params[1:], strict=False):
        pieces.append(sql[end:start])
    pieces.append(sql[scan.params[-1][1] :])
    occurrences = [sql[start + 1 : end] for start, end in scan.params]
    if engine == "mysql":
        text = pieces[0].replace("%", "%%") + "".join("%s" + piece.replace("%", "%%") for piece in pieces[1:])
        return Statement(text, tuple(occurrences), control, fold(sql, scan, pieces, range(len(occurrences))))
    names = tuple(dict.fromkeys(occurrences))
    indexes = [names.index(name) for name in occurrences]
    text = pieces[0] + "".join(f"${index + 1}{piece}" for index, piece in zip(indexes, pieces[1:], strict=True))
    return Statement(text, names, control, fold(sql, scan, pieces, indexes))


def fold(sql: str, scan: Scan, pieces: list[str], indexes: Sequence[int]):
    """Statement.fold for an INSERT (or REPLACE) whose parameters all sit in its VALUES group, else None."""
    if scan.words[:1] not in (("INSERT",), ("REPLACE",)) or scan.group is None:
        return None
    start, end = scan.group
    if scan.params[0][0] < start or scan.params[-1][1] > end:
        return None
    before, after = sql[:start], sql[end:].rstrip().removesuffix(";")
    following = [*pieces[1:-1], sql[scan.params[-1][1] : end]]
    return before, sql[start : scan.params[0][0]], tuple(zip(indexes, following, strict=True)), after


def is_transaction_control(words: tuple[str, ...]) -> bool:
    """BEGIN, START TRANSACTION, COMMIT, ROLLBACK (but not ROLLBACK TO a savepoint), END, ABORT, XA."""
    first = words[0] if words else ""
    second = words[1] if len(words) > 1 else ""
    if first in ("BEGIN", "COMMIT", "END", "ABORT", "XA"):
        return True
    return (first == "START" and second == "TRANSACTION") or (first == "ROLLBACK" and second != "TO")


def scan_statement(sql: str, engine: str) -> Scan:
    """The parameters, leading words and VALUES group of `sql`, read as `engine` lexes it."""
    mysql = engine == "mysql"
    params: list[tuple[int, int]] = []
    words: list[str] = []
    leading = True  # nothing but words (and spaces, comments) so far
    after_values = False
    depth, group_start, group = 0, -1, None
    foreign = ""
    autocommit = False
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        if char in SPACE:
            i += 1
            continue
        if char == "-" and sql.startswith("-", i + 1) and (not mysql or i + 2 == n or sql[i + 2] in SPACE):
            i = end_of_line(sql, i)
            continue
        if char == "#" and mysql:
            i = end_of_line(sql, i)
            continue
        if char == "/" and sql.startswith("*", i + 1):
            i = end_of_block_comment(sql, i, nested=not mysql)
            continue
        if char in NAME_START:
            j = i + 1
            while j < n and (sql[j] in NAME or (sql[j] == "$" and not mysql)):
                j += 1
            if not mysql and char in "Ee" and j == i + 1 and sql.startswith("'", j):
                i = end_of_quoted(sql, j, "'", backslashes=True)  # E'...': an escape string
                leading = after_values = False
                continue
            word = sql[i:j].upper()
            if leading and len(words) < 2:
                words.append(word)
            if word == "AUTOCOMMIT" and words[:1] == ["SET"] and (sql[i - 1] != "@" or sql[i - 2 : i] == "@@"):
                autocommit = True
            after_values = depth == 0 and group_start < 0 and word == "VALUES"
            i = j
            continue
        leading = False
        if char == "'" or (char == '"' and mysql):
            i = end_of_quoted(sql, i, char, backslashes=mysql)
        elif char == '"' or (char == "`" and mysql):
            i = end_of_quoted(sql, i, char, backslashes=False)
        elif char == "$" and not mysql and (i == 0 or sql[i - 1] not in NAME):
            if sql[i + 1 : i + 2].isdigit() and not foreign:
                foreign = sql[i : i + 2]
            i = end_of_dollar_quoted(sql, i)
        elif char == "%" and mysql and sql[i + 1 : i + 2] in ("s", "(") and not foreign:
            foreign = sql[i : i + 2]
            i += 1
        elif char == ":":
            if sql.startswith(":", i + 1):
                i += 2  # a cast
            elif i + 1 < n and sql[i + 1] in NAME_START:
                j = i + 2
                while j < n and sql[j] in NAME:
                    j += 1
                params.append((i, j))
                i = j
            else:
                i += 1
        else:
            if char == "(":
                if after_values and depth == 0:
                    group_start = i
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0 and group_start >= 0 and group is None:
                    group = (group_start, i + 1)
            i += 1
        after_values = False
    return Scan(params, tuple(words), group, foreign, autocommit)


def end_of_line(sql: str, i: int) -> int:
    end = sql.find("\n", i)
    return len(sql) if end < 0 else end + 1


def end_of_block_comment(sql: str, i: int, nested: bool) -> int:
    depth, i = 1, i + 2
    while depth:
        close = sql.find("*/", i)
        if close < 0:
            return len(sql)
        opening = sql.find("/*", i, close) if nested else -1
        if opening >= 0:
            depth, i = depth + 1, opening + 2
        else:
            depth, i = depth - 1, close + 2
    return i


def end_of_quoted(sql: str, i: int, quote: str, backslashes: bool) -> int:
    """The index after the literal or quoted identifier opening at `i` (doubled quotes, and with
    `backslashes` escaped ones, stay inside); the end of `sql` if it never closes."""
    j = i + 1
    while True:
        close = sql.find(quote, j)
        if close < 0:
            return len(sql)
        if backslashes:
            slashes = close - 1
            while slashes > i and sql[slashes] == "\\":
                slashes -= 1
            if (close - 1 - slashes) % 2:
                j = close + 1
                continue
        if sql.startswith(quote, close + 1):
            j = close + 2
            continue
        return close + 1


def end_of_dollar_quoted(sql: str, i: int) -> int:
    """After PostgreSQL's $tag$...$tag$ opening at `i`; `i + 1` when `$` opens none ($1, a lone $)."""
    j = i + 1
    while j < len(sql) and sql[j] in NAME:
        j += 1
    if j == len(sql) or sql[j] != "$" or (j > i + 1 and sql[i + 1] not in NAME_START):
        return i + 1
    tag = sql[i : j + 1]
    close = sql.find(tag, j + 1)
    return len(sql) if close < 0 else close + len(tag)
