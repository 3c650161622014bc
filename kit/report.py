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
  text: material for a class discussion.

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

#: The label of a sentence or token a student left unlabelled.
NONE_LABEL = "(none)"


@dataclass
class Report:
    """The class picture: four DataFrames (see the module doc)."""

    distribution: pd.DataFrame
    missed: pd.DataFrame
    agreement: pd.DataFrame
    disagreements: pd.DataFrame

    def text(self, top: int = 10) -> str:
        """The tables as plain text for a terminal."""
        parts = [("Score distribution per exercise", self.distribution),
                 (f"Most-missed key items (top {top})", self.missed.head(top)),
                 ("Agreement (labelling and span exercises)", self.agreement),
                 (f"Items students disagree on most (top {top})",
                  self.disagreements.head(top).assign(text=lambda d: d["text"].str.slice(0, 70)))]
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


def class_report(run_or_dir, folder=None) -> Report:
    """The class report from a grading run or its output folder (``folder``: the exercises)."""
    from .exercises import catalog
    scores, answers = _load(run_or_dir)
    cat = catalog(folder)
    exercises = [e for e in cat if e.mode == "graded" and e.key is not None and e.id in set(scores["exercise"])]
    return Report(_distribution(scores), _missed(exercises, answers), *_agreement(exercises, answers))


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


def _item_hit(ex, item, value) -> bool:
    """Did this answer get this key item right?"""
    from .checkers import problems
    if value is None or problems(ex, value):
        return False
    if ex.type == "single_choice":
        return value == item["value"]
    if ex.type == "multiple_choice":
        return item["value"] in value
    if ex.type == "sentence_labels":
        from .exercises import short_id
        labels = {short_id(k, ex.text): v for k, v in value.items()}
        return labels.get(item["sentence"]) in {item["label"], *item.get("accept", [])}
    if ex.type == "spans":
        from .checkers.spans import _credit, _norm, merge
        return _credit([(item["start"], item["end"], item["label"])], merge(_norm(value, True))) >= 0.5
    if ex.type == "links":
        from .checkers.common import sentence
        return any((sentence(ex, v["source"]), sentence(ex, v["target"]), v["relation"]) ==
                   (item["source"], item["target"], item["relation"]) for v in value)
    if ex.type == "numeric":
        from .checkers.common import as_number
        return abs(as_number(value) - item["value"]) <= item["tolerance"] + 1e-12
    if ex.type == "short_text":
        return any(rx.search(value) for rx in item["_compiled"])
    return False


def _describe(ex, item) -> str:
    if ex.type in ("single_choice", "multiple_choice"):
        return f"option {item['value']}"
    if ex.type == "sentence_labels":
        return f"{item['sentence']}: {item['label']}"
    if ex.type == "spans":
        return f"{item['label']}: “{item['evidence'][:50]}”"
    if ex.type == "links":
        return f"{item['source']} → {item['target']} ({item['relation']})"
    if ex.type == "numeric":
        return f"value {item['value']:g}"
    if ex.type == "short_text":
        return f"idea: {item['idea']}"
    return ex.type


def _missed(exercises, answers) -> pd.DataFrame:
    rows = []
    students = sorted(answers)
    for ex in exercises:
        if ex.type == "code":
            continue
        for item in ex.key.items:
            hits = sum(_item_hit(ex, item, answers[s].get(ex.id)) for s in students)
            rows.append({"exercise": ex.id, "item": _describe(ex, item), "students": len(students),
                         "missed": len(students) - hits,
                         "share_missed": (len(students) - hits) / len(students) if students else 0.0,
                         "evidence": item["evidence"]})
    cols = ["exercise", "item", "students", "missed", "share_missed", "evidence"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["share_missed", "exercise"], ascending=[False, True], ignore_index=True).round(3)


def _label_table(ex, answers) -> tuple:
    """(coder, item, label) rows for a labelling or span exercise, the key's rows, and item texts."""
    from .checkers import problems
    doc = ex.document()
    rows, key_rows, texts = [], [], {}
    if ex.type == "sentence_labels":
        from .exercises import short_id
        items = ex.sentence_ids
        for sid in items:
            a, b = ex.sentence_spans[sid]
            texts[sid] = doc.original[a:b]
        gold = {i["sentence"]: i["label"] for i in ex.key.items}
        key_rows = [("KEY", sid, gold.get(sid, NONE_LABEL)) for sid in items]
        for student, vals in answers.items():
            v = vals.get(ex.id)
            if v is None or problems(ex, v):
                continue
            labels = {short_id(k, ex.text): lab for k, lab in v.items() if lab is not None}
            rows += [(student, sid, labels.get(sid, NONE_LABEL)) for sid in items]
        return rows, key_rows, texts, {sid: sid for sid in items}
    # spans: one item per word token of the unit; its label is the label(s) covering it
    tok = doc.tokens[doc.tokens["is_word"]]
    ranges = ex.unit_ranges
    keep = [(int(a), int(b), str(s)) for a, b, s in zip(tok["start"], tok["end"], tok["sentence_id"])
            if any(r0 <= a and b <= r1 for r0, r1 in ranges)]
    sentence_of = {f"{a}-{b}": s.split(":", 1)[1] for a, b, s in keep}
    sents = doc.sentences.set_index("sentence_id")
    for a, b, s in keep:
        short = s.split(":", 1)[1]
        if short not in texts:
            texts[short] = doc.original[int(sents.at[s, "start"]):int(sents.at[s, "end"])]

    def labels_of(spans):
        out = []
        for a, b, _ in keep:
            labs = sorted({sp[2] for sp in spans if sp[0] < b and a < sp[1]})
            out.append("+".join(labs) if labs else NONE_LABEL)
        return out

    gold = [(i["start"], i["end"], i["label"]) for i in ex.key.items]
    key_rows = [("KEY", f"{a}-{b}", lab) for (a, b, _), lab in zip(keep, labels_of(gold))]
    for student, vals in answers.items():
        v = vals.get(ex.id)
        if v is None or problems(ex, v):
            continue
        spans = [(s["start"], s["end"], s["label"]) for s in v]
        rows += [(student, f"{a}-{b}", lab) for (a, b, _), lab in zip(keep, labels_of(spans))]
    return rows, key_rows, texts, sentence_of


def _agreement(exercises, answers) -> tuple:
    ag_rows, dis_rows = [], []
    for ex in exercises:
        if ex.type not in ("sentence_labels", "spans"):
            continue
        rows, key_rows, texts, group_of = _label_table(ex, answers)
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
