"""Tenant-supplied regular expressions: compiled by RE2, bounded, cached.

Every pattern a tenant writes (a rule's ``regex`` condition, a counterparty's
``name_regex``) is compiled and run here and nowhere else. Python's ``re`` backtracks:
``(a+)+$`` against a 67-character memo takes longer than the age of the universe and,
being C code holding the GIL, freezes every request of every tenant while it runs. RE2
matches in time linear in the input, so no pattern can do that; what RE2 cannot do in
linear time (backreferences, lookarounds) it refuses, and so do we, with a message that
says so. The pattern's length and the size of its compiled program are bounded so a
pattern's cost per character is bounded too, and the text matched is cut at
``MAX_SUBJECT_LENGTH`` so the cost per match is bounded as well.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import re2

# Longer than any sensible memo or name pattern (a list of 20 names fits), short
# enough to read in an error message and in the audit log.
MAX_PATTERN_LENGTH = 500
# RE2 program instructions: ``a{1000}`` is about 1,000, ``(.*a){20}`` 224; it bounds the
# work per character of input.
MAX_PROGRAM_SIZE = 5_000
# Memos and names are at most a few hundred characters; matching stops here.
MAX_SUBJECT_LENGTH = 2_000
# RE2's memory budget per pattern (program and DFA cache); past it RE2 refuses the
# pattern at compile time or falls back to its slower, still linear, NFA.
_MAX_MEMORY = 1 << 20
_CACHE_SIZE = 512

_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")
_BACKREFERENCES = (*(f"\\{n}" for n in range(1, 10)), "(?P=")


class PatternError(ValueError):
    """A tenant pattern RE2 cannot run, or one past the limits; the message says why."""


@dataclass(frozen=True, slots=True)
class TenantPattern:
    """A compiled tenant pattern; ``search`` runs in time linear in the text."""

    pattern: str
    _regexp: re2._Regexp

    def search(self, text: str) -> bool:
        """Whether the pattern occurs in the first ``MAX_SUBJECT_LENGTH`` characters."""
        # Encoded here rather than by the binding: a lone surrogate (a byte the
        # statement's decoder could not read) becomes "?" instead of raising mid-run.
        subject = text[:MAX_SUBJECT_LENGTH].encode("utf-8", "replace")
        return self._regexp.search(subject) is not None


def _options() -> re2.Options:
    options = re2.Options()
    options.max_mem = _MAX_MEMORY
    # The error is raised to the caller with its message; RE2's own log would go to
    # stderr on every rejected pattern.
    options.log_errors = False
    return options


def _explain(pattern: str, problem: str) -> str:
    """RE2's terse message, in terms a person writing the rule can act on."""
    if any(token in pattern for token in _LOOKAROUNDS) and "perl operator" in problem:
        return "lookarounds ((?=, (?!, (?<=, (?<!) are not supported"
    if problem.startswith("invalid escape sequence: \\Z"):
        return "\\Z is not supported: use \\z for the end of the text"
    if any(token in pattern for token in _BACKREFERENCES) and (
        "escape sequence" in problem or "perl operator" in problem
    ):
        return "backreferences (\\1, (?P=name)) are not supported"
    if problem.startswith("invalid repetition size"):
        return "repetition too large: RE2 allows at most 1000 repetitions, nested ones multiplied"
    if "pattern too large" in problem:
        return "pattern too complex: simplify it (fewer or smaller repetitions)"
    return f"invalid regular expression: {problem}"


@functools.lru_cache(maxsize=_CACHE_SIZE)
def compile_pattern(pattern: str) -> TenantPattern:
    """Compile a tenant pattern with RE2 (cached); raise ``PatternError`` saying why not."""
    if not pattern:
        raise PatternError("empty regular expression")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(
            f"regular expression too long: {len(pattern)} characters, at most {MAX_PATTERN_LENGTH}"
        )
    try:
        regexp = re2.compile(pattern, _options())
    except re2.error as exc:
        raw = exc.args[0] if exc.args else b""
        problem = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        raise PatternError(_explain(pattern, problem)) from None
    if regexp.programsize > MAX_PROGRAM_SIZE:
        raise PatternError(
            f"regular expression too complex: {regexp.programsize} instructions, "
            f"at most {MAX_PROGRAM_SIZE} (use fewer or smaller repetitions)"
        )
    return TenantPattern(pattern, regexp)


def search(pattern: str, text: str) -> bool:
    """Whether a tenant ``pattern`` occurs in ``text``; raise ``PatternError`` if invalid."""
    return compile_pattern(pattern).search(text)
