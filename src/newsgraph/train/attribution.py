"""Train the cue model (:mod:`newsgraph.attribution.cuemodel`) from PolNeAR.

Every lexicon cue candidate in PolNeAR train is an example; it is positive when it lies
inside a gold Cue span. Logistic regression (liblinear, fixed seed) over the binary
features; scored on PolNeAR dev candidates at the shipped threshold: precision, recall and
F1 of keeping a candidate, positive = a gold cue.
"""

from __future__ import annotations

import sys
from pathlib import Path

from newsgraph.attribution.cuemodel import (
    DEFAULT_THRESHOLD,
    MODEL_FILE,
    CueModel,
    features,
    load_cue_model,
)
from newsgraph.attribution.lexicon import load_lexicon
from newsgraph.attribution.quotemarks import quote_regions
from newsgraph.eval.attribution import articles, read_ann

SEED = 0
TOLERANCE = 0.005
TRAIN_ARTICLES: int | None = None  # all of PolNeAR train (one annotator per article)
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / MODEL_FILE


def examples(data_dir: Path, split: str, model: str | None, limit: int | None = None
             ) -> tuple[list[list[str]], list[int]]:
    from newsgraph.extract.quotes import cue_tokens
    from newsgraph.pipeline import Pipeline

    nlp = Pipeline(model, extractors=()).nlp
    items = list(articles(data_dir, split))[:limit]
    texts = [p.read_text(encoding="utf-8") for _, p, _ in items]
    lexicon = load_lexicon()
    xs: list[list[str]] = []
    ys: list[int] = []
    for (_, _, ann), doc in zip(items, nlp.pipe(texts, batch_size=16), strict=True):
        cues = [a.cue for a in read_ann(ann, doc.text) if a.cue is not None]
        regions = quote_regions(doc.text)
        for i in cue_tokens(doc, lexicon):
            tok = doc[i]
            quoted = any(s <= tok.idx < e for s, e in regions)
            xs.append(features(tok, quoted))
            ys.append(int(any(s <= tok.idx < e for s, e in cues)))
    return xs, ys


def fit(xs: list[list[str]], ys: list[int]) -> CueModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    matrix = vec.fit_transform([dict.fromkeys(x, 1) for x in xs]).tocsr()
    matrix.indices = matrix.indices.astype("int32")  # liblinear takes 32-bit indices only
    matrix.indptr = matrix.indptr.astype("int32")
    clf = LogisticRegression(C=0.5, solver="liblinear", random_state=SEED, max_iter=1000)
    clf.fit(matrix, ys)
    weights = {name: round(float(w), 6) for name, w in zip(vec.get_feature_names_out(),
                                                           clf.coef_[0], strict=True)
               if abs(w) > 1e-6}
    return CueModel(weights, round(float(clf.intercept_[0]), 6), DEFAULT_THRESHOLD, {})


def score(model: CueModel, xs: list[list[str]], ys: list[int]) -> dict[str, float]:
    keep = [model.probability(x) >= model.threshold for x in xs]
    tp = sum(k and y for k, y in zip(keep, ys, strict=True))
    fp = sum(k and not y for k, y in zip(keep, ys, strict=True))
    fn = sum(not k and y for k, y in zip(keep, ys, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    base = sum(ys) / len(ys) if ys else 0.0  # precision of keeping every candidate
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "keep_all_precision": round(base, 4), "candidates": len(ys)}


def retrain(data_dir: Path, model: str | None) -> CueModel:
    xs, ys = examples(data_dir, "train", model, TRAIN_ARTICLES)
    cue_model = fit(xs, ys)
    dev_x, dev_y = examples(data_dir, "dev", model)
    scores = score(cue_model, dev_x, dev_y)
    scores["train_examples"] = len(ys)
    return CueModel(cue_model.weights, cue_model.bias, cue_model.threshold, scores)


def train(data_dir: Path, model: str | None, out: Path | None) -> CueModel:
    cue_model = retrain(data_dir, model)
    target = out or DEFAULT_OUT
    target.write_text(cue_model.to_json() + "\n", encoding="utf-8")
    print(f"wrote {target}: {len(cue_model.weights)} weights; PolNeAR dev {cue_model.scores}")
    return cue_model


def check(data_dir: Path, model: str | None) -> int:
    shipped = load_cue_model()
    if shipped is None:
        print("error: the package ships no cue model", file=sys.stderr)
        return 2
    fresh = retrain(data_dir, model)
    worst = max(abs(fresh.scores[k] - shipped.scores[k]) for k in ("precision", "recall", "f1"))
    print(f"shipped {shipped.scores}\nretrained {fresh.scores}\nlargest difference {worst:.4f}")
    return 0 if worst <= TOLERANCE else 1
