"""The `kit import` accuracy corpus: real texts, their layouts and turn counts read by hand.

Each entry names a file of ``tests/data/import/`` (or the seed in ``texts/``),
the layout it stands for, and, for every speaker, the number of turns counted
by reading the text (see ``tests/data/import/README.md``) with a regular
expression that recognises that speaker's label *as written in the text*.
The expected counts were not produced by the importer.

:func:`score` imports one text and compares: a found turn counts for a
speaker when its label matches the speaker's pattern and it was given the
speaker id that most of that speaker's turns got (so two people merged into
one id, or one person split in two, is an error); a found turn whose label
matches no expected speaker is an extra.  Turn accuracy is
``correct / (expected + extra)``.

Run ``python tests/import_corpus.py`` for the table.

>>> sum(1 for _ in CORPUS) >= 25
True
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "import"

__all__ = ["CORPUS", "Case", "score", "table", "main"]


@dataclass(frozen=True)
class Case:
    """One text of the corpus: file, layout, and speaker -> (label pattern, turns counted by reading)."""

    file: str
    layout: str
    speakers: dict

    @property
    def path(self) -> Path:
        """Where the file is (the seed lives in texts/)."""
        return ROOT / self.file if "/" in self.file else DATA / self.file


def _c(file, layout, **speakers):
    return Case(file, layout, {k.replace("_", " "): v for k, v in speakers.items()})


CORPUS = [
    _c("euthyphro-jowett.md", "play script, NAME:", Socrates=(r"SOCRATES", 21), Euthyphro=(r"EUTHYPHRO", 21)),
    _c("crito-jowett-gbww.md", "play script, Name. / abbreviation", Socrates=(r"^Soc", 15), Crito=(r"^Cr", 14)),
    _c("wh-gaggle-2022-03-11.md", "White House, Q + spaces", Mr_Bates=(r"BATES", 9), Q=(r"^Q$", 8)),
    _c("wh-gaggle-2024-01-12-allentown-excerpt.md", "White House gaggle with Q + one space",
       Mr_Bates=(r"BATES", 2), Mr_Kirby=(r"KIRBY", 13), Q=(r"^Q$", 13)),
    _c("wh-gaggle-2024-03-08-rose-valley.md", "White House gaggle with Q + one space",
       The_President=(r"PRESIDENT", 6), Q=(r"^Q$", 6)),
    _c("wh-gaggle-2022-12-30-st-croix.md", "White House gaggle with Q + one space",
       The_President=(r"PRESIDENT", 5), Q=(r"^Q$", 6)),
    _c("wh-gaggle-2023-06-19-palo-alto.md", "White House gaggle with Q + one space",
       The_President=(r"PRESIDENT", 3), Q=(r"^Q$", 4)),
    _c("wh-gaggle-2022-10-13-los-angeles.md", "White House gaggle with Q + one space",
       The_President=(r"PRESIDENT", 7), Q=(r"^Q$", 8)),
    _c("wh-gaggle-2022-10-20-pittsburgh.md", "White House gaggle with Q + one space, a bystander",
       The_President=(r"PRESIDENT", 13), Q=(r"^Q$", 12), Customer=(r"CUSTOMER", 2)),
    _c("state-briefing-2022-08-18.txt", "State Department, MR PRICE: / QUESTION:",
       Mr_Price=(r"PRICE", 3), Question=(r"QUESTION", 2)),
    _c("kremlin-ru-24370.txt", "Russian, Читатель: / В.Путин:", Reader=(r"Читатель", 3), Putin=(r"Путин", 3)),
    _c("kremlin-ru-57693.txt", "Russian, Вопрос: / В.Путин:", Putin=(r"Путин", 3), Question=(r"Вопрос", 2)),
    _c("crec-1994-02-03-house-excerpt.htm", "Congressional Record, Mr. NAME.",
       Chairman=(r"CHAIRMAN", 10), Brown=(r"BROWN", 4), Deutsch=(r"DEUTSCH", 3), Stokes=(r"STOKES", 3),
       Traficant=(r"TRAFICANT", 3), Speaker_pro_tempore=(r"SPEAKER pro", 1)),
    _c("irancontra-hall-1987.html", "congressional hearing (HTML), Mr. NAME: in bold", Belnick=(r"BELNICK", 9), Hall=(r"HALL", 9)),
    _c("irancontra-ac-2-1987.html", "congressional hearing (HTML), Mr. NAME: in bold",
       Barbadoro=(r"BARBADORO", 6), Calero=(r"CALERO", 6)),
    _c("irancontra-gs-3-1987.html", "congressional hearing (HTML), Secretary NAME:",
       Belnick=(r"BELNICK", 2), Shultz=(r"SHULTZ", 2)),
    _c("irancontra-rm-2-1987.html", "congressional hearing (HTML), Mr. McNAME:",
       Liman=(r"LIMAN", 7), McFarlane=(r"McFARLANE", 7)),
    _c("kremlin-en-17162.html", "saved web page, Title Name: then Name:", Putin=(r"Putin", 4), Chemezov=(r"Chemezov", 4)),
    _c("hansard-pmqs-blog-2011-05-12.md", "UK Hansard in Markdown, **Name (Seat) (Party):**",
       The_Prime_Minister=(r"Prime Minister", 6), Cameron=(r"Cameron", 6)),
    _c("hansard-pmqs-blog-2011-04-27.md", "UK Hansard in Markdown, **Mr. Speaker:**",
       The_Prime_Minister=(r"Prime Minister", 3), Cameron=(r"Cameron", 5), Mr_Speaker=(r"Speaker", 2),
       Hon_Members=(r"Hon\. Members", 1)),
    _c("hansard-pmqs-blog-2011-04-29.md", "UK Hansard in Markdown, **Mr. Speaker:**",
       The_Prime_Minister=(r"Prime Minister", 2), Duncan_Smith=(r"Duncan Smith", 3), Mr_Speaker=(r"Speaker", 2),
       Hon_Members=(r"Hon\. Members", 1)),
    _c("hansard-pmqs-blog-2011-05-08.md", "UK Hansard in Markdown, **Name (Seat):** once",
       The_Prime_Minister=(r"Prime Minister", 5), Howard=(r"Howard", 3), Taylor=(r"Teddy Taylor", 1),
       Prosser=(r"Prosser", 1)),
    _c("parlamint-gb-2022-07-21-commons-excerpt.xml", "ParlaMint TEI (XML)",
       Hoyle=(r"Hoyle", 1), Blackman=(r"Blackman", 1), Rutley=(r"Rutley", 1), Laing=(r"Laing", 1)),
    _c("twfy-debates-2024-07-30a-excerpt.xml", "TheyWorkForYou Hansard XML",
       Hoyle=(r"Hoyle", 1), Hon_Members=(r"Hon\. Members", 1)),
    _c("changelog-gotime-134-excerpt.md", "podcast transcript in Markdown, **Name:** and [00:00] stamps",
       Mat_Ryer=(r"Mat Ryer", 9), Aditya_Prerepa=(r"Aditya", 2), Benjamin_Bryant=(r"Benjamin", 3),
       Shaquille_Que=(r"Shaquille", 4)),
    _c("changelog-podcast-466-excerpt.md", "podcast transcript in Markdown, **$NAME:** and [00:00] stamps",
       STDOUT=(r"\$STDOUT", 8), Jerod_Santo=(r"Jerod", 7)),
    _c("webvtt-spec-example.vtt", "subtitles (WebVTT) with <v Name> voices",
       Roger_Bingham=(r"Roger", 3), Neil_deGrasse_Tyson=(r"Neil", 2)),
    _c("webvtt-mozilla-cycle-collector-talk.vtt", "subtitles (WebVTT) with <v Name> voices",
       Kyle_Huey=(r"Kyle", 3), Chris_Pearce=(r"Chris", 1)),
    _c("scotus-11-398-2012-03-26-excerpt.txt", "court transcript with line numbers and a word index",
       Chief_Justice_Roberts=(r"ROBERTS", 1), Mr_Long=(r"LONG", 6), Justice_Scalia=(r"SCALIA", 2),
       Justice_Kennedy=(r"KENNEDY", 3)),
    _c("spacelog-apollo13-tec-excerpt.txt", "radio transcript: call signs (CDR:, CC:) under time stamps",
       CDR=(r"^CDR$", 16), CC=(r"^CC$", 16), CMP=(r"^CMP$", 4), LCC=(r"^LCC$", 5)),
    _c("texts/lavrov-new-regions-2025.txt", "blog post: Question: / Name:, [My Emphasis], comments",
       Question=(r"Question", 3), Lavrov=(r"Lavrov", 3)),
]


def score(case: Case, out_dir=None) -> dict:
    """Import ``case`` (nothing written unless ``out_dir``) and compare its turns with the counts read by hand.

    Returns ``{"expected": {spk: n}, "found": {spk: n}, "extra": n, "correct": n, "error": str}``.
    """
    from kit.importer import ImportFailure, draft_file, import_text
    expected = {spk: n for spk, (_, n) in case.speakers.items()}
    empty = {"expected": expected, "found": dict.fromkeys(expected, 0), "extra": 0, "correct": 0, "error": ""}
    try:
        result = import_text(case.path, out=out_dir) if out_dir else draft_file(case.path)
    except ImportFailure as exc:
        return dict(empty, error=str(exc).split(": ", 1)[-1][:60])
    turns = [s for s in result.draft.segments if s.label]
    found, extra = {}, 0
    claimed = set()
    for spk, (pattern, _) in case.speakers.items():
        mine = [s for s in turns if re.search(pattern, _bare(s.label))]
        claimed.update(id(s) for s in mine)
        ids = Counter(s.speaker for s in mine)
        found[spk] = ids.most_common(1)[0][1] if ids else 0
    extra = sum(1 for s in turns if id(s) not in claimed)
    correct = sum(min(found[s], expected[s]) for s in expected)
    return {"expected": expected, "found": found, "extra": extra, "correct": correct, "error": "", "result": result}


def _bare(label: str) -> str:
    return label.strip("*_ ").rstrip(":.").strip("*_ ")


def table(cases=CORPUS) -> tuple[str, float]:
    """The printed table and the overall turn accuracy."""
    rows = [f"{'text':44} {'layout':44} {'speaker':20} {'expected':>8} {'found':>6}"]
    total_exp = total_ok = total_extra = 0
    for case in cases:
        s = score(case)
        exp, ok, extra = sum(s["expected"].values()), s["correct"], s["extra"]
        total_exp, total_ok, total_extra = total_exp + exp, total_ok + ok, total_extra + extra
        first = True
        for spk, n in s["expected"].items():
            rows.append(f"{case.file.split('/')[-1][:44] if first else '':44} {case.layout[:44] if first else '':44} "
                        f"{spk[:20]:20} {n:8} {s['found'][spk]:6}")
            first = False
        acc = ok / max(exp + extra, 1)
        rows.append(f"{'':44} {'':44} {'(extra turns)':20} {'':8} {extra:6}   accuracy {acc:.0%}"
                    + (f"  [{s['error']}]" if s["error"] else ""))
    overall = total_ok / max(total_exp + total_extra, 1)
    layouts = len({c.layout.split(",")[0] for c in CORPUS})
    rows.append(f"{len(cases)} texts, {layouts} layout families, {total_exp} turns counted by reading; "
                f"correct {total_ok}, extra {total_extra}; turn accuracy {overall:.1%}")
    return "\n".join(rows), overall


def main() -> int:
    """Print the table; exit 1 unless every turn is right."""
    text, overall = table()
    print(text)
    return 0 if overall == 1.0 else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
