"""A logistic model over string features, as the shipped JSON weights hold it.

The trained components (the attribution cue model, the event model) score candidates
the same way: a bias plus the weights of the features present, squashed to a
probability and kept at or above a threshold. Each keeps its own features and file.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Self


@dataclass(frozen=True)
class LinearModel:
    weights: dict[str, float]
    bias: float
    threshold: float
    scores: dict[str, float]  # the model's own scores when trained, shipped beside it

    def probability(self, feats: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))  # clamped: no overflow

    def to_json(self) -> str:
        return json.dumps({"bias": self.bias, "threshold": self.threshold,
                           "scores": self.scores,
                           "weights": dict(sorted(self.weights.items()))},
                          indent=0, sort_keys=False)

    @classmethod
    def from_json(cls, text: str) -> Self:
        data = json.loads(text)
        return cls({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]),
                   float(data["threshold"]), dict(data.get("scores", {})))
