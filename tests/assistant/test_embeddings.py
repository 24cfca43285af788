"""all-MiniLM-L6-v2 from its PyPI package, run in numpy: embeddings that mean something."""

from __future__ import annotations

import re

import numpy as np
import pytest

from assistant.embeddings import embed_cached, model
from assistant.knowledge import knowledge_base


def test_embeddings_are_normalised_and_semantic():
    v = model().encode(["The cat sits on the mat.", "A feline rests on a rug.", "Copper with an EAM potential."])
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > 0.4 > v[0] @ v[2]


def test_cache_returns_the_same_vectors():
    a = embed_cached(["thermostat damping parameter"])
    b = embed_cached(["thermostat damping parameter"])
    assert np.array_equal(a, b)


@pytest.mark.parametrize("query, concept", [("my simulation blew up and particles vanished", "lost atoms"),
                                            ("how sticky is a fluid when sheared", "viscosity")])  # fmt: skip
def test_dense_retrieval_finds_meaning_without_shared_words(query, concept):
    lexical = knowledge_base().search(query, k=4, dense=False)
    hybrid = knowledge_base().search(query, k=4)
    assert not any(concept in p.text.lower() for _, p in lexical), query
    assert any(concept in p.text.lower() for _, p in hybrid), query


@pytest.mark.xfail(strict=True, reason="known miss: MiniLM ranks GROMACS passages on time averaging and restraints "
                                       "above the MSD notes for this wording, and fusion keeps them")  # fmt: skip
def test_dense_retrieval_finds_mean_squared_displacement_from_plain_words():
    hits = knowledge_base().search("how far do particles travel on average as time goes on", k=4)
    assert any(re.search(r"squared? displacement", p.text.lower()) for _, p in hits)


def test_the_index_is_built_with_transformers_and_queries_use_numpy_with_the_same_vectors():
    from assistant.embeddings import BULK, MiniLM, TransformersMiniLM, encoder_for

    assert isinstance(encoder_for(1), MiniLM)
    bulk = encoder_for(BULK)
    assert isinstance(bulk, TransformersMiniLM)
    texts = ["fix nvt temp 300 300 0.1", "Lost atoms: the timestep is too large."]
    assert np.allclose(bulk.encode(texts), encoder_for(1).encode(texts), atol=1e-4)
