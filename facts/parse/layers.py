"""spaCy's tok2vec layer (hash embeddings, then a window CNN) as a few numpy operations, for
one sentence at a time. `nlp.load` puts it in place of thinc's layer-by-layer forward pass,
which spends most of a one-sentence call in per-layer overhead, not arithmetic.

Two things make it fast:
- a token's embedding (its hash embeddings, maxout and layer norm) depends on the token
  alone, so it is computed once per distinct token and remembered; each one is computed as
  its own one-row product, so a token's vector never depends on the sentences before it;
- the four CNN layers run as numpy expressions on the whole batch, padded exactly as thinc
  pads it, in thinc's order of operations (`tests/test_nlp.py` compares the vectors).

`compile_tok2vec` recognises the layer structure of the English pipelines (MultiHashEmbed and
MaxoutWindowEncoder); for any other structure it returns None and thinc's forward is kept.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy

_LAYER_NORM_EPSILON = 1e-08  # thinc's LayerNorm
_MEMO_LIMIT = 50_000  # distinct tokens whose embedding is remembered (about 25 MB)


@dataclass(frozen=True)
class _Maxout:
    """maxout >> layernorm (dropout is off at inference)."""

    weights: numpy.ndarray  # (inputs, pieces * outputs), C order, piece-major: x @ weights
    bias: numpy.ndarray  # (pieces * outputs,), piece-major
    outputs: int
    pieces: int
    gain: numpy.ndarray  # the layer norm's G
    shift: numpy.ndarray  # the layer norm's b

    def __call__(self, x: numpy.ndarray, row_by_row: bool = False) -> numpy.ndarray:
        """In thinc's order of operations. `row_by_row` multiplies each row on its own (a stack
        of one-row products), so a row's result does not depend on the rows beside it."""
        y = numpy.matmul(x[:, None, :], self.weights)[:, 0, :] if row_by_row else x @ self.weights
        y += self.bias
        n = self.outputs
        best = y[:, :n]  # the largest piece (numpy's max over a short axis is slow)
        for piece in range(1, self.pieces):
            best = numpy.maximum(best, y[:, piece * n:(piece + 1) * n])
        width = best.shape[1]  # mean and variance as numpy computes them, without its overhead
        mu = numpy.add.reduce(best, axis=1, keepdims=True) / width
        centred = best - mu
        var = numpy.add.reduce(centred * centred, axis=1, keepdims=True) / width + _LAYER_NORM_EPSILON
        out = centred * var ** (-1.0 / 2.0)
        out = out * self.gain
        out += self.shift
        return out


def _maxout(chain) -> _Maxout:
    """The maxout >> layernorm pair inside `chain`."""
    maxout = next(node for node in chain.walk() if node.name == "maxout")
    norm = next(node for node in chain.walk() if node.name == "layernorm")
    outputs, pieces, inputs = (maxout.get_dim(d) for d in ("nO", "nP", "nI"))
    # thinc's W is (outputs, pieces, inputs); here each piece's outputs are one block of columns
    weights = maxout.get_param("W").transpose(2, 1, 0).reshape(inputs, pieces * outputs)
    bias = maxout.get_param("b").T.reshape(pieces * outputs)
    return _Maxout(numpy.ascontiguousarray(weights), numpy.ascontiguousarray(bias),
                   outputs, pieces, norm.get_param("G").copy(), norm.get_param("b").copy())


class Tok2Vec:
    """The forward pass of a compiled tok2vec model: docs -> one (tokens, width) array each."""

    def __init__(self, ops, columns, tables, embed: _Maxout, window: int, pad: int, layers) -> None:
        self.ops = ops  # thinc's NumpyOps: its hash and gather_add are the embedding's own
        self.columns = columns  # the token attributes hashed, in order
        self.tables = tables  # (vectors, seed) per column
        self.embed = embed
        self.window = window
        self.pad = pad
        self.layers = layers
        self.width = embed.outputs
        self._memo: dict[bytes, int] = {}  # a token's attribute row -> its row in _vectors
        self._vectors = numpy.empty((1024, self.width), dtype="float32")

    def embeddings(self, features: numpy.ndarray) -> numpy.ndarray:
        """(tokens, width): each token's embedding, from its row of attribute ids."""
        raw = features.tobytes()
        step = features.shape[1] * features.itemsize
        keys = [raw[i:i + step] for i in range(0, len(raw), step)]
        memo = self._memo
        fresh = {key: k for k, key in enumerate(keys) if key not in memo}  # a token may repeat
        if fresh:
            if len(memo) + len(fresh) > _MEMO_LIMIT:
                memo.clear()
            start = len(memo)
            if start + len(fresh) > len(self._vectors):
                grown = numpy.empty((max(2 * len(self._vectors), start + len(fresh)), self.width), dtype="float32")
                grown[:start] = self._vectors[:start]
                self._vectors = grown
            self._vectors[start:start + len(fresh)] = self._embed(features[list(fresh.values())])
            for k, key in enumerate(fresh):
                memo[key] = start + k
        return self._vectors[[memo[key] for key in keys]]

    def _embed(self, rows: numpy.ndarray) -> numpy.ndarray:
        """Hash embeddings, maxout and layer norm of distinct tokens."""
        parts = []
        for column, (vectors, seed) in enumerate(self.tables):
            ids = numpy.ascontiguousarray(rows[:, column], dtype="uint64")
            parts.append(self.ops.gather_add(vectors, self.ops.hash(ids, seed) % vectors.shape[0]))
        return self.embed(numpy.concatenate(parts, axis=1), row_by_row=True)

    def __call__(self, docs) -> list[numpy.ndarray]:
        embedded = [self.embeddings(numpy.asarray(doc.to_array(self.columns), dtype="uint64")
                                    .reshape(len(doc), len(self.columns)))
                    for doc in docs]
        pad = numpy.zeros((self.pad, self.width), dtype="float32")
        pieces = [pad]
        for vectors in embedded:
            pieces += [vectors, pad]
        x = numpy.concatenate(pieces)
        w, depth = self.window, len(self.layers)
        for k, layer in enumerate(self.layers, 1):
            # Rows of the outer padding further than the remaining layers can see from a
            # token are not computed: they cannot change any token's vector.
            a = self.pad - (depth - k) * w
            b = len(x) - a
            x[a:b] += layer(numpy.concatenate([x[a + d:b + d] for d in range(-w, w + 1)], axis=1))
        out, start = [], self.pad
        for vectors in embedded:
            out.append(x[start:start + len(vectors)])
            start += len(vectors) + self.pad
        return out


def compile_tok2vec(model) -> Tok2Vec | None:
    """A `Tok2Vec` computing what `model` computes, or None when `model` is not the
    MultiHashEmbed >> MaxoutWindowEncoder structure this module knows."""
    nodes = {node.name: node for node in model.walk()}
    try:
        embed, encode = model.layers
        columns = nodes["extract_features"].attrs["columns"]
        hashes = [node for node in embed.walk() if node.name == "hashembed"]
        blocks = encode.layers[0].layers  # with_array(residual(...) >> residual(...) ...)
        windows = {node.attrs["window_size"] for node in encode.walk() if node.name == "expand_window"}
        pad = encode.attrs["pad"]
    except (KeyError, ValueError, IndexError):
        return None
    names = [node.name for node in model.walk()]
    if (len(hashes) != len(columns) or [h.attrs["column"] for h in hashes] != list(range(len(columns)))
            or len(windows) != 1 or not blocks or not all(b.name.startswith("residual(") for b in blocks)
            or names.count("maxout") != len(blocks) + 1):
        return None
    tables = [(h.get_param("E"), h.attrs["seed"]) for h in hashes]
    return Tok2Vec(model.ops, columns, tables, _maxout(embed), windows.pop(), pad,
                   [_maxout(block) for block in blocks])


def install(model) -> bool:
    """Run `model`'s inference forward pass through `compile_tok2vec`; training keeps thinc's.
    False (and nothing changed) when the structure is not one this module knows."""
    fast = compile_tok2vec(model)
    if fast is None:
        return False
    thinc_forward = model._func

    def forward(model, docs, is_train):
        if is_train:
            return thinc_forward(model, docs, is_train)
        return fast(docs), _inference_only

    model._func = forward
    return True


def _inference_only(_gradient):
    raise RuntimeError("facts' tok2vec forward pass is for inference; it has no backward pass")
