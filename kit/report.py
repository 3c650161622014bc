"""Class analytics from a grading run: what the class got right, missed, and disagreed on.

:func:`class_report` reads the folder ``kit grade`` wrote (or takes its
:class:`~kit.grading.GradeRun`) and returns a :class:`Report` of DataFrames:

- ``distribution``: per exercise, the spread of points;
- ``missed``: key items ranked by the share of students who missed them;
- ``agreement``: for sentence-labelling and span exercises, agreement among
  students (Krippendorff's alpha, Cohen's kappa averaged over pairs,
  Fleiss' kappa) and with the key, computed with NLTK's
  ``nltk.metrics.agreement.AnnotationTask``;
- ``disagreements``: the sentences students disagree on most, with their
  text: material for a class discussion;
- ``others``: the class as a second reader: per exercise, the spans,
  labels and links that several students gave and the key does not accept,
  with counts, the text and the line to add to the key (acceptable tier)
  if the instructor agrees; then ``kit grade`` again re-scores everyone.

What is scored, described and counted per type comes from the type's
checker (:mod:`kit.checkers`); this module only tabulates.

Agreement on the small case worked by hand in ``tests/test_report.py``:

>>> import pandas as pd
>>> t = pd.DataFrame({"coder": ["c1", "c2", "c3"] * 4,
...                   "item": [1] * 3 + [2] * 3 + [3] * 3 + [4] * 3,
...                   "label": list("AAA" "AAB" "BBB" "ABB")})
>>> {k: round(v, 4) for k, v in agreement(t).items()}
{'alpha': 0.3889, 'kappa': 0.4, 'fleiss': 0.3333}

Figures (plotly, imported inside each function): :func:`fig_distribution`,
:func:`fig_missed`, :func:`fig_agreement`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = ["class_report", "Report", "agreement", "fig_distribution", "fig_missed", "fig_agreement",
           "NONE_LABEL"]

from .checkers.sentence_labels import NONE_LABEL   # the label of a sentence or token left unlabelled


@dataclass
class Report:
    """The class picture: five DataFrames (see the module doc)."""

    distribution: pd.DataFrame
    missed: pd.DataFrame
    agreement: pd.DataFrame
    disagreements: pd.DataFrame
    others: pd.DataFrame = None

    def text(self, top: int = 10) -> str:
        """The tables as plain text for a terminal."""
        parts = [("Score distribution per exercise", self.distribution),
                 (f"Most-missed key items (top {top})", self.missed.head(top)),
                 ("Agreement (labelling and span exercises)", self.agreement),
                 (f"Items students disagree on most (top {top})",
                  self.disagreements.head(top).assign(text=lambda d: d["text"].str.slice(0, 70))),
                 (f"Answers several students gave that the key does not accept (top {top}; add the ones you "
                  "accept to the key as shown, then run `kit grade` again)",
                  (self.others if self.others is not None else _others_empty()).head(top))]
        with pd.option_context("display.width", 160, "display.max_columns", 20, "display.max_colwidth", 70):
            return "\n\n".join(f"{title}\n{df.to_string(index=False) if len(df) else '(none)'}"
                               for title, df in parts)


def agreement(table: pd.DataFrame) -> dict:
    """Alpha, mean pairwise Cohen's kappa and Fleiss' kappa of ``coder, item, label`` rows.

    Fleiss' kappa is NLTK's multi-coder ``pi`` (Fleiss 1971 generalises
    Scott's pi).  Kappa and Fleiss need every coder to label every item (use
    :data:`NONE_LABEL` for "no label"); alpha tolerates gaps.  A coefficient
    that is undefined (one label only, one coder) is NaN.
    """
    from nltk.metrics.agreement import AnnotationTask
    triples = [(str(c), str(i), str(lab)) for c, i, lab in table[["coder", "item", "label"]].itertuples(index=False)]
    task = AnnotationTask(data=triples)
    out = {}
    for name, fn in (("alpha", task.alpha), ("kappa", task.kappa), ("fleiss", task.pi)):
        try:
            out[name] = float(fn()) if len(task.C) > 1 else float("nan")
        except (ValueError, ZeroDivisionError):
            out[name] = float("nan")
    return out


def _load(run_or_dir):
    if hasattr(run_or_dir, "scores"):
        return run_or_dir.scores, run_or_dir.answers
    d = Path(run_or_dir)
    for name in ("scores.csv", "answers.jsonl"):
        if not (d / name).exists():
            raise FileNotFoundError(f"{d / name} not found: run `kit grade ... --out {d}` first")
    scores = pd.read_csv(d / "scores.csv", dtype={"student": str, "exercise": str})
    answers = {}
    with open(d / "answers.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            answers[rec["student"]] = rec["answers"]
    return scores, answers


def class_report(run_or_dir, folder=None, min_students: int = 2) -> Report:
    """The class report from a grading run or its output folder (``folder``: the exercises).

    ``min_students``: how many students must give an answer the key does not
    accept before ``others`` lists it.
    """
    from .exercises import catalog
    scores, answers = _load(run_or_dir)
    cat = catalog(folder)
    exercises = [e for e in cat if e.mode == "graded" and e.key is not None and e.id in set(scores["exercise"])]
    return Report(_distribution(scores), _missed(exercises, answers), *_agreement(exercises, answers),
                  others=_others(exercises, answers, min_students))


def _distribution(scores: pd.DataFrame) -> pd.DataFrame:
    if scores.empty:
        return pd.DataFrame(columns=["exercise", "type", "max_points", "n", "mean", "median", "std",
                                     "min", "max", "share_full", "share_zero"])
    g = scores.groupby(["exercise", "type", "max_points"], sort=False)["points"]
    out = g.agg(n="size", mean="mean", median="median", std="std", min="min", max="max").reset_index()
    full = scores.assign(full=scores["points"] >= scores["max_points"] - 1e-9, zero=scores["points"] <= 1e-9)
    shares = full.groupby("exercise", sort=False)[["full", "zero"]].mean()
    out["share_full"] = out["exercise"].map(shares["full"])
    out["share_zero"] = out["exercise"].map(shares["zero"])
    return out.round(3)


def _missed(exercises, answers) -> pd.DataFrame:
    from .checkers import describe, hit, module
    rows = []
    students = sorted(answers)
    for ex in exercises:
        if not hasattr(module(ex.type), "hit"):
            continue    # code: cases, not key items
        for item in ex.key.items:
            hits = sum(hit(ex, item, answers[s].get(ex.id)) for s in students)
            rows.append({"exercise": ex.id, "item": describe(ex, item), "students": len(students),
                         "missed": len(students) - hits,
                         "share_missed": (len(students) - hits) / len(students) if students else 0.0,
                         "evidence": item["evidence"]})
    cols = ["exercise", "item", "students", "missed", "share_missed", "evidence"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["share_missed", "exercise"], ascending=[False, True], ignore_index=True).round(3)


def _label_table(ex, answers) -> tuple:
    """The checker's agreement material from the well-formed answers (None if the type has none)."""
    from .checkers import module, problems
    fn = getattr(module(ex.type), "agreement_rows", None)
    if fn is None:
        return None
    ok = {}
    for student, vals in answers.items():
        v = vals.get(ex.id)
        if v is not None and not problems(ex, v):
            ok[student] = v
    return fn(ex, ok)


def _others_empty() -> pd.DataFrame:
    return pd.DataFrame(columns=["exercise", "answer", "students", "share", "add_to_key", "text"])


def _others(exercises, answers, min_students: int = 2) -> pd.DataFrame:
    """Answers given by at least ``min_students`` students that the key does not accept."""
    from .checkers import others
    rows = []
    n = len(answers)
    for ex in exercises:
        counts, hints = Counter(), {}
        for vals in answers.values():
            seen = set()
            for what, hint in others(ex, vals.get(ex.id)):
                if what not in seen:
                    seen.add(what)
                    counts[what] += 1
                    hints[what] = hint
        for what, k in counts.items():
            if k >= min_students:
                rows.append({"exercise": ex.id, "answer": what, "students": k, "share": round(k / n, 3),
                             "add_to_key": f"keys/{ex.notebook}.yml \"{ex.id}\": {hints[what]}",
                             "text": _text_of(ex, what)})
    if not rows:
        return _others_empty()
    out = pd.DataFrame(rows, columns=list(_others_empty().columns))
    return out.sort_values(["students", "exercise", "answer"], ascending=[False, True, True], ignore_index=True)


def _text_of(ex, what: str) -> str:
    """The sentence(s) an answer names, for the instructor to read (spans carry their words)."""
    import re
    spans = ex.sentence_spans if ex.text else {}
    found = [s for s in re.findall(r"[A-Za-z0-9_-]+\.s\d+", what) if s in spans]
    original = ex.document().original if found else ""
    return " | ".join(" ".join(original[slice(*spans[s])].split())[:120] for s in found)


def _agreement(exercises, answers) -> tuple:
    ag_rows, dis_rows = [], []
    for ex in exercises:
        material = _label_table(ex, answers)
        if material is None:
            continue
        rows, key_rows, texts, group_of = material
        table = pd.DataFrame(rows, columns=["coder", "item", "label"])
        n_students = table["coder"].nunique()
        coeffs = agreement(table) if n_students > 1 else {"alpha": float("nan"), "kappa": float("nan"),
                                                          "fleiss": float("nan")}
        key = dict((i, lab) for _, i, lab in key_rows)
        with_key, accuracy = [], []
        for student, part in table.groupby("coder"):
            both = pd.concat([part, pd.DataFrame(key_rows, columns=["coder", "item", "label"])])
            with_key.append(agreement(both)["kappa"])
            accuracy.append(float((part["label"] == part["item"].map(key)).mean()))
        ag_rows.append({"exercise": ex.id, "type": ex.type, "students": n_students,
                        "items": len(key_rows), **coeffs,
                        "key_kappa": pd.Series(with_key, dtype=float).mean(),
                        "key_accuracy": pd.Series(accuracy, dtype=float).mean()})
        # disagreement per sentence: 1 - share of the most common label, averaged over its items
        per_item = {}
        for item, part in table.groupby("item"):
            counts = Counter(part["label"])
            per_item[item] = (counts, 1 - counts.most_common(1)[0][1] / len(part))
        by_sentence: dict = {}
        for item, (counts, dis) in per_item.items():
            by_sentence.setdefault(group_of[item], []).append((counts, dis, item))
        for sid, entries in by_sentence.items():
            total = Counter()
            for counts, _, _ in entries:
                total.update(counts)
            dis = sum(d for _, d, _ in entries) / len(entries)
            key_labels = Counter(key[i] for _, _, i in entries)
            dis_rows.append({"exercise": ex.id, "sentence": sid, "disagreement": round(dis, 3),
                             "labels": ", ".join(f"{lab} {n}" for lab, n in total.most_common(4)),
                             "key": ", ".join(lab for lab, _ in key_labels.most_common(2)),
                             "text": texts.get(sid, "")})
    ag = pd.DataFrame(ag_rows, columns=["exercise", "type", "students", "items", "alpha", "kappa", "fleiss",
                                        "key_kappa", "key_accuracy"]).round(3)
    dis = pd.DataFrame(dis_rows, columns=["exercise", "sentence", "disagreement", "labels", "key", "text"])
    dis = dis.sort_values(["disagreement", "exercise"], ascending=[False, True], ignore_index=True)
    return ag, dis


# ---------------------------------------------------------------- figures

def fig_distribution(report: Report):
    """Bar chart of mean points per exercise as a share of the maximum, with min and max whiskers."""
    import plotly.graph_objects as go
    d = report.distribution
    share = d["mean"] / d["max_points"].where(d["max_points"] > 0, 1)
    fig = go.Figure(go.Bar(x=d["exercise"], y=share, name="mean share of points",
                           error_y=dict(type="data", symmetric=False,
                                        array=(d["max"] - d["mean"]) / d["max_points"].where(d["max_points"] > 0, 1),
                                        arrayminus=(d["mean"] - d["min"]) / d["max_points"].where(d["max_points"] > 0, 1)),
                           customdata=d[["n", "median", "share_full"]],
                           hovertemplate="%{x}: mean %{y:.0%}, n %{customdata[0]}, full marks %{customdata[2]:.0%}"))
    fig.update_layout(title="Points per exercise (share of the maximum; whiskers: min and max)",
                      yaxis=dict(tickformat=".0%", range=[0, 1.05]), xaxis_title="exercise")
    return fig


def fig_missed(report: Report, top: int = 15):
    """Horizontal bars: the key items most students missed."""
    import plotly.graph_objects as go
    d = report.missed.head(top).iloc[::-1]
    fig = go.Figure(go.Bar(x=d["share_missed"], y=d["exercise"] + " " + d["item"], orientation="h",
                           hovertext=d["evidence"]))
    fig.update_layout(title=f"The {len(d)} most-missed key items", xaxis=dict(tickformat=".0%", range=[0, 1]))
    return fig


def fig_agreement(report: Report):
    """Grouped bars: alpha, kappa and Fleiss' kappa among students, and kappa with the key."""
    import plotly.graph_objects as go
    d = report.agreement
    fig = go.Figure([go.Bar(name=name, x=d["exercise"], y=d[col]) for name, col in
                     (("Krippendorff's alpha", "alpha"), ("Cohen's kappa (mean of pairs)", "kappa"),
                      ("Fleiss' kappa", "fleiss"), ("kappa with the key", "key_kappa"))])
    fig.update_layout(barmode="group", title="Agreement among students and with the key",
                      yaxis=dict(range=[-0.2, 1]))
    fig.add_hline(y=0.8, line_dash="dot", annotation_text="0.8: usually read as reliable")
    return fig
