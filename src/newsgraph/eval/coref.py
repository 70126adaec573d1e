"""Coreference and clustering scores: MUC, B-cubed, CEAF-e and their CoNLL average.

Both sides are given as ``item -> cluster label`` over the same items (every
item in the key has a response label; a system that says nothing about an item
gives it a singleton label of its own). Definitions follow the CoNLL-2012
reference scorer (Pradhan et al., 2014).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping

import numpy as np
from scipy.optimize import linear_sum_assignment

Clusters = list[set[Hashable]]


def clusters_of(labels: Mapping[Hashable, Hashable]) -> Clusters:
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for item, label in labels.items():
        groups[label].add(item)
    return list(groups.values())


def _prf(p_num: float, p_den: float, r_num: float, r_den: float) -> tuple[float, float, float]:
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def muc(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    def side(a: Clusters, b: Clusters) -> tuple[int, int]:
        where = {m: i for i, c in enumerate(b) for m in c}
        num = den = 0
        for cluster in a:
            parts = {where.get(m, ("alone", m)) for m in cluster}
            num += len(cluster) - len(parts)
            den += len(cluster) - 1
        return num, den

    r_num, r_den = side(key, response)
    p_num, p_den = side(response, key)
    return _prf(p_num, p_den, r_num, r_den)


def b_cubed(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    def side(a: Clusters, b: Clusters) -> tuple[float, int]:
        where = {m: i for i, c in enumerate(b) for m in c}
        total = 0.0
        n = 0
        for cluster in a:
            counts: dict[int, int] = defaultdict(int)
            for m in cluster:
                if m in where:
                    counts[where[m]] += 1
            total += sum(c * c for c in counts.values()) / len(cluster)
            n += len(cluster)
        return total, n

    r_num, r_den = side(key, response)
    p_num, p_den = side(response, key)
    return _prf(p_num, p_den, r_num, r_den)


def ceaf_e(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    if not key or not response:
        return 0.0, 0.0, 0.0
    sim = np.zeros((len(key), len(response)))
    where = {m: j for j, c in enumerate(response) for m in c}
    for i, cluster in enumerate(key):
        for m in cluster:
            j = where.get(m)
            if j is not None:
                sim[i, j] += 1
        for j in {where[m] for m in cluster if m in where}:
            sim[i, j] = 2 * sim[i, j] / (len(cluster) + len(response[j]))
    rows, cols = linear_sum_assignment(-sim)
    total = float(sim[rows, cols].sum())
    return _prf(total, len(response), total, len(key))


def scores(key_labels: Mapping[Hashable, Hashable],
           response_labels: Mapping[Hashable, Hashable]) -> dict[str, tuple[float, float, float]]:
    """MUC, B3, CEAF-e and CoNLL (F1 average) of ``response_labels`` against ``key_labels``."""
    key = clusters_of(key_labels)
    response = clusters_of({m: response_labels.get(m, ("singleton", m)) for m in key_labels})
    result = {"MUC": muc(key, response), "B3": b_cubed(key, response),
              "CEAF-e": ceaf_e(key, response)}
    parts = [result[m] for m in ("MUC", "B3", "CEAF-e")]
    result["CoNLL"] = tuple(sum(x[i] for x in parts) / 3 for i in range(3))  # type: ignore
    return result
