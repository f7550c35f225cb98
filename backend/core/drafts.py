"""Building frozen slotted dataclasses without ``__init__``, for parsers' hot paths.

A frozen dataclass's ``__init__`` stores each field through ``object.__setattr__``,
about four times a plain attribute store. A draft class is a subclass that adds no
slots and allows plain stores: a parser fills a draft, then switches its ``__class__``
to the frozen class (allowed because the memory layout is identical), and the object
is indistinguishable from one built by ``__init__``. Whoever does so must store every
field (tests/fiscal/test_model.py and tests/statements/test_model.py check they do).
"""

from __future__ import annotations


def draft_of(cls: type) -> type:
    """The draft subclass of a frozen, slotted dataclass."""
    return type(
        f"_{cls.__name__}Draft",
        (cls,),
        {"__slots__": (), "__setattr__": object.__setattr__, "__delattr__": object.__delattr__},
    )
