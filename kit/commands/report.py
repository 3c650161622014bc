"""``kit report DIR``: class analytics from a grading run's folder."""

from __future__ import annotations

import sys

__all__ = ["register"]


def register(sub) -> None:
    p = sub.add_parser("report", help="class analytics from a `kit grade` folder",
                       description="Score distributions per exercise, the most-missed key items, agreement "
                                   "among students and with the key (Krippendorff's alpha, Cohen's and "
                                   "Fleiss' kappa) and the sentences students disagree on most.")
    p.add_argument("dir", help="the folder `kit grade --out` wrote")
    p.add_argument("--exercises", help="exercises folder (default: the kit's exercises/)")
    p.add_argument("--top", type=int, default=10, help="rows of the ranked tables to print (default 10)")
    p.add_argument("--html", help="also write an HTML report with the tables and figures to this file")
    p.set_defaults(func=_report)


def _report(args) -> int:
    from kit.report import class_report
    try:
        rep = class_report(args.dir, folder=args.exercises)
    except (FileNotFoundError, ValueError) as exc:
        print(f"kit report: {exc}", file=sys.stderr)
        return 1
    print(rep.text(top=args.top))
    if args.html:
        from pathlib import Path
        out = Path(args.html)
        if out.is_dir():
            out = out / "report.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        _html(rep, out)
        print(f"\nHTML report written to {out}")
    return 0


def _html(rep, path) -> None:
    from html import escape
    from kit.display import table
    from kit.report import fig_agreement, fig_distribution, fig_missed
    parts = ["<!DOCTYPE html>", "<html lang='en'><head><meta charset='utf-8'><title>Class report</title></head><body>",
             "<h1>Class report</h1>"]
    # plotly.js is embedded once (about 4 MB), so the figures draw offline, as everything in the kit does
    for i, fig in enumerate((fig_distribution(rep), fig_missed(rep), fig_agreement(rep))):
        parts.append(fig.to_html(full_html=False, include_plotlyjs=(i == 0)))
    for title, df in (("Score distribution", rep.distribution), ("Most-missed key items", rep.missed),
                      ("Agreement", rep.agreement), ("Disagreements", rep.disagreements),
                      ("Answers several students gave that the key does not accept", rep.others)):
        parts.append(f"<h2>{escape(title)}</h2>{table(df, max_rows=len(df), label=title)._repr_html_()}")
    parts.append("</body></html>")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(parts))
