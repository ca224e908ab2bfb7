"""The ink masks the stages analyse."""
from __future__ import annotations

import numpy as np

from ingest.ink import ink_points


def test_ink_points_match_numpy_nonzero():
    rng = np.random.default_rng(3)
    mask = (rng.random((613, 401)) < 0.08).astype(np.uint8) * 255
    for m in (mask, np.rot90(mask), mask[:, :1], np.zeros((4, 6), np.uint8)):
        expected, got = np.nonzero(m), ink_points(m)
        assert all(np.array_equal(e, g) and e.dtype == g.dtype for e, g in zip(expected, got))
