"""A matrix product for the C loop of spaCy's parser, computed by numpy (OpenBLAS).

The parser's greedy loop multiplies one hidden vector by the output layer at every transition,
through the `sgemm` function thinc's `CBlas` holds. That is BLIS, and the BLIS wheel thinc
requires picks its generic kernel on many CPUs, where each of these small products costs about
10 µs: a third of the parse of a sentence. thinc lets a `CBlas` take another `sgemm`
(`thinc.backends.cblas.set_sgemm`, exported through Cython's C API); `numpy_cblas` gives it a
C callback that does the product with numpy, which halves the parse.

`nlp.py` hands in thinc's modules, so this module imports neither spaCy nor thinc.
"""
from __future__ import annotations

import ctypes

import numpy

_VIEW_LIMIT = 256  # calls whose views are kept; a parse makes a handful

_SGEMM = ctypes.CFUNCTYPE(
    None,  # thinc's sgemm_ptr, row-major as in BLIS:
    ctypes.c_int, ctypes.c_int,  # transA, transB
    ctypes.c_int, ctypes.c_int, ctypes.c_int,  # M, N, K
    ctypes.c_float, ctypes.c_void_p, ctypes.c_int,  # alpha, A, lda
    ctypes.c_void_p, ctypes.c_int,  # B, ldb
    ctypes.c_float, ctypes.c_void_p, ctypes.c_int)  # beta, C, ldc


class NumpySgemm:
    """C = alpha * op(A) @ op(B) + beta * C on raw row-major float32 buffers, by numpy.

    A numpy view of a buffer is an address and a shape; a call's three views are kept by its
    arguments, so a loop that multiplies the same buffers step after step does not rebuild them.
    A view is only read during a call that passes that same buffer with that same shape."""

    def __init__(self) -> None:
        self._operands: dict[tuple, tuple] = {}  # a call's arguments -> (left, right, out) views
        self.callback = _SGEMM(self)
        self.error: BaseException | None = None
        """The first exception a product raised: ctypes would print it and go on, so it is kept
        here for the caller to see (`take_error`), and the parse it happened in is redone."""

    def __call__(self, *arguments) -> None:
        try:
            self.product(*arguments)
        except Exception as e:
            if self.error is None:
                self.error = e

    def take_error(self) -> BaseException | None:
        """The exception recorded since the last call, if any (and forget it)."""
        error, self.error = self.error, None
        return error

    def product(self, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) -> None:
        if m <= 0 or n <= 0:
            return
        key = (trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc)
        operands = self._operands.get(key)
        if operands is None:
            if len(self._operands) >= _VIEW_LIMIT:
                self._operands.clear()
            operands = self._operands[key] = (
                (_view(a, k, m, lda).T if trans_a else _view(a, m, k, lda)) if k > 0 else None,
                (_view(b, n, k, ldb).T if trans_b else _view(b, k, n, ldb)) if k > 0 else None,
                _view(c, m, n, ldc))
        left, right, out = operands
        if left is None:
            out *= beta
        elif beta == 0.0:
            numpy.matmul(left, right, out=out)
            if alpha != 1.0:
                out *= alpha
        else:
            out *= beta
            out += alpha * (left @ right)


def _view(address: int, rows: int, columns: int, stride: int) -> numpy.ndarray:
    """The (rows, columns) float32 matrix at `address` whose rows are `stride` floats apart."""
    buffer = (ctypes.c_float * (rows * stride)).from_address(address)
    return numpy.ctypeslib.as_array(buffer).reshape(rows, stride)[:, :columns]


# Private prototypes of the C API's capsule functions: setting restype on ctypes.pythonapi's
# own attributes would change them for every other user in the process.
_CAPSULE_NAME = ctypes.PYFUNCTYPE(ctypes.c_char_p, ctypes.py_object)(("PyCapsule_GetName", ctypes.pythonapi))
_CAPSULE_POINTER = ctypes.PYFUNCTYPE(ctypes.c_void_p, ctypes.py_object, ctypes.c_char_p)(
    ("PyCapsule_GetPointer", ctypes.pythonapi))


def _c_function(module, name: str, prototype):
    """A function that a Cython module exports through its C API (`__pyx_capi__`)."""
    capsule = module.__pyx_capi__[name]
    return prototype(_CAPSULE_POINTER(capsule, _CAPSULE_NAME(capsule)))


def numpy_cblas(cblas_module):
    """(a thinc `CBlas` whose sgemm is numpy's, the callback to keep alive with it), or None
    when this thinc does not export `set_sgemm` or the product gives a wrong answer."""
    try:
        set_sgemm = _c_function(cblas_module, "set_sgemm", ctypes.CFUNCTYPE(None, ctypes.py_object, _SGEMM))
    except (AttributeError, KeyError, ValueError, TypeError):
        return None
    sgemm = NumpySgemm()
    if not _agrees(sgemm):
        return None
    cblas = cblas_module.CBlas()
    set_sgemm(cblas, sgemm.callback)
    return cblas, sgemm


def _agrees(sgemm: NumpySgemm) -> bool:
    """Call the C callback on small matrices, every transpose case, against numpy."""
    rng = numpy.random.default_rng(0)
    a, b = rng.random((3, 5), dtype="float32"), rng.random((5, 4), dtype="float32")
    for trans_a in (False, True):
        for trans_b in (False, True):
            left = numpy.ascontiguousarray(a.T) if trans_a else a
            right = numpy.ascontiguousarray(b.T) if trans_b else b
            out = numpy.ones((3, 4), dtype="float32")
            sgemm.callback(trans_a, trans_b, 3, 4, 5, 2.0, left.ctypes.data, left.shape[1],
                           right.ctypes.data, right.shape[1], 0.5, out.ctypes.data, 4)
            if sgemm.take_error() is not None or not numpy.allclose(out, 2.0 * (a @ b) + 0.5, rtol=1e-5):
                return False
    return True
