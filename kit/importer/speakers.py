"""Which candidate labels are speakers, how they group, and each speaker's role.

A candidate label only counts if the text uses it as a label more than once
(or it is a question/answer label, or a variant of a recurring one), so that
``Note:`` or a title such as ``Lavrov: Outlaw US Empire ...`` is not taken
for a speaker.  Play-script labels (``Soc.``) must open a large share of the
paragraphs.  :func:`cast` then builds the speakers with their roles:

>>> from kit.importer.labels import find_label
>>> labels = [find_label(s) for s in ["Question: Why?", "Sergey Lavrov: Because.",
...                                    "Question: And?", "Sergey Lavrov: So."]]
>>> names = accept(labels, n_paragraphs=4)
>>> sorted(names)
['Question', 'Sergey Lavrov']
>>> c = cast(labels, names, turn_texts={})
>>> c.layout, [(s.id, s.role) for s in c.speakers.values()]
('interview', [('interviewer', 'interviewer'), ('sergey-lavrov', 'interviewee')])
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .draft import DraftSpeaker
from .labels import Label, canonical_name, group_names, is_answer_name, is_question_name, name_key, slug

__all__ = ["accept", "cast", "Cast"]

_OFFICE = re.compile(r"\b(?:president|minister|secretary|governor|ambassador|spokes\w*|ceo|chair(?:man|woman)?|"
                     r"director|mayor|senator|general|admiral|commissioner|президент|министр|губернатор|"
                     r"посол|председатель|директор|мэр|пресс-секретарь)\b", re.I)
_HEARING = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Chairman|Chairwoman|Secretary|Senator|Representative|General|Admiral|"
                      r"Judge|Ambassador)\.?\s(?:Mc|Mac|O['’])?[A-Z][A-Z'’\-]+$")
_BRACKETED = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Baroness|Baron|Madam|H\.E\.|Г-н|Г-жа)\.?\s[^()]+"
                        r"(?:\s*\([^()]+\))+$")
_TITLED = re.compile(r"^(?:MR|MS|MRS|DR|CHIEF|JUSTICE|JUDGE|GENERAL|SENATOR|REPRESENTATIVE|SECRETARY|AMBASSADOR|"
                     r"ADMIRAL|PRESIDENT|CHAIRMAN|CHAIRWOMAN|THE)\b\.?")
_BRIEFER = re.compile(r"^(?:MR|MS|MRS|DR)\.?\s|^THE\s|SECRETARY|AMBASSADOR|ADMIRAL|GENERAL|SPOKES")


def accept(labels, n_paragraphs: int, known=()) -> set[str]:
    """The label names that mark speakers, from the candidates at paragraph starts.

    ``known`` are names the file itself declares as speakers (the ``who`` of
    a ParlaMint utterance, the ``speakername`` of a Hansard speech): they count
    even when used once.  So do labels in a distinctive style (``Mr. SMITH.``
    in a congressional record, ``**Name:**`` in bold) where the text has
    several of them:

    >>> from kit.importer.labels import find_label
    >>> labs = [find_label(s) for s in ("**Sir Teddy Taylor:** As we", "**The Prime Minister:** The",
    ...                                 "**Mr. Gwyn Prosser (Dover) (Lab):** Last", "**The Prime Minister:** We")]
    >>> sorted(accept(labs, n_paragraphs=4))
    ['Mr. Gwyn Prosser (Dover) (Lab)', 'Sir Teddy Taylor', 'The Prime Minister']
    >>> labs = [find_label(s) for s in ("Mr. Lavrov (Russian Federation) (spoke in Russian): We", "The President: I",
    ...                                 "Mr. Smith (United Kingdom): I", "The President: Next", "Mr. Dupont (France): Yes")]
    >>> sorted(accept(labs, n_paragraphs=5))
    ['Mr. Dupont (France)', 'Mr. Lavrov (Russian Federation) (spoke in Russian)', 'Mr. Smith (United Kingdom)', 'The President']
    >>> sorted(accept([find_label("Mr. CALERO: I was never told.")], n_paragraphs=3))
    ['Mr. CALERO']
    """
    labels = [lab for lab in labels if lab is not None]
    accepted: set[str] = set()
    colon = [lab for lab in labels if lab.style in ("colon", "q", "gpo", "bold")]
    counts = Counter(lab.name for lab in colon)
    groups = group_names(list(counts))
    known_keys = {name_key(k) for k in known}
    distinctive = {}
    for style in ("gpo", "bold"):
        if sum(1 for lab in colon if lab.style == style) >= (4 if style == "gpo" else 3):
            distinctive[style] = {lab.name for lab in colon if lab.style == style}
    # "Mr. Smith (United Kingdom):", "Mr. Gwyn Prosser (Dover) (Lab):": an honorific, a name and a note in brackets
    bracketed = {lab.name for lab in colon if lab.style == "colon" and _BRACKETED.match(lab.name)}
    if len(bracketed) >= 3:
        distinctive["bracketed"] = bracketed
    for g in groups:
        # ``Mr. SMITH.`` and ``**Name:**`` labels are distinctive: once is enough where the text has several;
        # ``Mr. CALERO:`` (a title and a surname in capitals, as hearing records print them) always is
        if sum(counts[n] for n in g) >= 2 or any(g <= names for names in distinctive.values()) \
                or any(name_key(n) in known_keys for n in g) or all(_HEARING.match(n) for n in g):
            accepted |= g
    caps = [g for g in groups if g <= accepted and all(n.isupper() for n in g)]
    for g in groups:
        # where the labels are titles in capitals (MR. LONG:, JUSTICE SCALIA:), such a label counts once
        if not g & accepted and len(caps) >= 2 and all(n.isupper() and _TITLED.match(n) for n in g):
            accepted |= g
    for g in groups:
        if not g & accepted and any(is_question_name(n) or is_answer_name(n) for n in g) and accepted:
            accepted |= g
    qdot = Counter(lab.name for lab in labels if lab.style == "qdot")
    if "Q" in qdot and "A" in qdot:
        accepted |= {"Q", "A"}
    accepted |= _accept_dots([lab for lab in labels if lab.style == "dot"], n_paragraphs)
    return accepted


def _accept_dots(dots: list[Label], n_paragraphs: int) -> set[str]:
    """Play-script labels (``SOCRATES.``, ``Soc.``) if they open many paragraphs."""
    counts = Counter(lab.name for lab in dots)
    groups = [g for g in group_names(list(counts)) if sum(counts[n] for n in g) >= 2]
    used = sum(counts[n] for g in groups for n in g)
    if used >= 4 and used >= 0.4 * max(n_paragraphs, 1):
        return set().union(*groups) if groups else set()
    return {n for g in groups for n in g if n.isupper() and len(n) > 2}


@dataclass
class Cast:
    """The speakers of the dialogue, the id for each label name, and the layout."""

    layout: str
    speakers: dict[str, DraftSpeaker] = field(default_factory=dict)
    speaker_of: dict[str, str] = field(default_factory=dict)


def cast(labels, accepted: set[str], turn_texts: dict[str, list[str]]) -> Cast:
    """Group the accepted names into speakers and give each a role.

    ``turn_texts`` maps each label name to the texts of its turns; it is used
    to tell an interviewer (whose turns end in question marks) from the
    person answering when no ``Question:`` label says so.
    """
    seen = [lab for lab in labels if lab is not None and lab.name in accepted]
    counts = Counter(lab.name for lab in seen)
    order = list(dict.fromkeys(lab.name for lab in seen))
    groups = group_names(order)
    styles = {lab.name: lab.style for lab in seen}
    questions = [g for g in groups if any(is_question_name(n) for n in g)]
    answers = [g for g in groups if any(is_answer_name(n) for n in g)]
    others = [g for g in groups if g not in questions and g not in answers]
    layout = _layout(groups, questions, others, styles)
    asker = _asker(others, turn_texts) if layout == "dialogue" else None
    if asker is not None:
        layout = "interview"
    result = Cast(layout)
    for g in groups:
        ordered = sorted(g, key=order.index)
        name = canonical_name(ordered, counts)
        if g in questions:
            sid, role = ("journalist", "journalist") if layout == "briefing" else ("interviewer", "interviewer")
            name = "Journalists asking questions" if layout == "briefing" else "Interviewer"
        elif g in answers:
            sid, role, name = "interviewee", "interviewee", "Interviewee"
        else:
            sid, role = slug(name), _role(layout, g, asker)
        sid = _unique(sid, result.speakers)
        spk = DraftSpeaker(sid, name, role, aliases=[_label_text(n, seen) for n in ordered])
        if len(g) > 1:
            spk.unsure.append("label variants grouped as one speaker: "
                              + ", ".join(repr(a) for a in spk.aliases) + "; check they are one person")
        if role == "unknown":
            spk.unsure.append("role not recognised; choose one of the roles in docs/text-format.md")
        elif asker is not None and g in (asker, *others):
            spk.unsure.append("role guessed: " + ("this speaker's turns are mostly questions"
                                                  if g is asker else "answers the speaker who asks"))
        result.speakers[sid] = spk
        for n in g:
            result.speaker_of[n] = sid
    return result


def _layout(groups, questions, others, styles) -> str:
    if not groups:
        return "prose"
    names = [n for g in others for n in g]
    if questions and (any(styles.get(n) == "q" for g in questions for n in g)
                      or any(n.isupper() and _BRIEFER.search(n) for n in names)):
        return "briefing"
    if questions:
        return "interview"
    if any(styles.get(n) == "dot" for n in names):
        return "play"
    if names and all(n.isupper() and " " not in n for n in names):
        return "play"
    return "dialogue"


def _asker(others, turn_texts):
    """In a two-person dialogue, the group whose turns are mostly questions."""
    if len(others) != 2:
        return None
    share = []
    for g in others:
        texts = [t for n in g for t in turn_texts.get(n, [])]
        share.append(sum(t.rstrip().endswith("?") for t in texts) / max(len(texts), 1))
    if share[0] >= 0.6 and share[1] <= 0.3:
        return others[0]
    if share[1] >= 0.6 and share[0] <= 0.3:
        return others[1]
    return None


def _role(layout: str, group, asker) -> str:
    if layout == "play":
        return "character"
    if asker is not None:
        return "interviewer" if group is asker else "interviewee"
    if layout == "interview":
        return "interviewee"
    if layout == "briefing" or any(_OFFICE.search(n) for n in group):
        return "official"
    return "unknown"


def _label_text(name: str, seen: list[Label]) -> str:
    for lab in seen:
        if lab.name == name:
            return lab.text
    return name


def _unique(sid: str, taken) -> str:
    if sid not in taken and sid not in ("author", "editor", "narrator", "page"):
        return sid
    n = 2
    while f"{sid}-{n}" in taken:
        n += 1
    return f"{sid}-{n}"
