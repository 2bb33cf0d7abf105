"""The backend the trained models run on: thinc's numpy ops with numpy's own BLAS.

thinc multiplies matrices with blis unless told otherwise. On the machine the
benchmarks run on (x86-64 with AVX-512) numpy's OpenBLAS did the same products
four times faster, and a 5 KB article's span categorizer suggested in half the
time, with the same predictions. Models take their ops when they are made, so
loading (and initialising, for training) happens inside this context.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def numpy_blas() -> Iterator[None]:
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):
        yield
