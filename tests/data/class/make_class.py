"""Write the fixture class: 18 ordinary submissions and 17 broken or hostile ones.

Run from the repository root to regenerate: ``python tests/data/class/make_class.py``.
The files are named as Canvas and Moodle name downloaded submissions. Two more
hostile cases (an oversized file and a symbolic link) are made by the tests
themselves, so that the repository holds neither a 3 MB file nor a link.
"""

import json
from pathlib import Path

HERE = Path(__file__).parent
TEXT = (HERE.parent.parent.parent / "texts" / "lavrov-new-regions-2025.txt").read_text(encoding="utf-8")


def span(evidence, label, cut=0):
    """A span on the first occurrence of ``evidence``, shortened by ``cut`` characters at the end."""
    start = TEXT.index(evidence)
    return {"start": start, "end": start + len(evidence) - cut, "label": label}


PERFECT = {
    "90-fixture": {
        "90.2": ["a", "c"],
        "90.4": [span("The predatory, colonial habits", "loaded language"),
                 span("the neo-Nazi regime in Kiev", "name calling or labelling"),
                 span("maniacal desire", "loaded language")],
        "90.5": [{"source": "commentary.s2", "target": "a2.s8", "relation": "attack"},
                 {"source": "c2.s4", "target": "c2.s2", "relation": "support"},
                 {"source": "c2.s5", "target": "c2.s4", "relation": "support"}],
        "90.7": "The reader quotes Lavrov and then extends the predator image: a leopard, camouflage.",
        "90.9": "def slug(phrase):\n    return '-'.join(phrase.lower().split())\n",
    },
    "91-second": {
        "91.1": {"c2.s6": "hedges", "c2.s9": "boosters", "c2.s8": "self-mentions"},
        "91.3": "c",
        "91.4": 170,
    },
}

LABELS = ["hedges", "boosters", "attitude markers", "self-mentions", "engagement markers"]


def variant(n):
    """Answers of ordinary student n: mostly right, wrong in ways that vary with n."""
    a = json.loads(json.dumps(PERFECT))
    fx, sc = a["90-fixture"], a["91-second"]
    if n % 3 == 1:
        fx["90.2"] = ["a", "b"]
    if n % 4 == 2:
        fx["90.4"] = fx["90.4"][:2]
    if n % 5 == 3:
        fx["90.4"][0] = span("The predatory, colonial habits", "loaded language", cut=10)
    if n % 3 == 2:
        fx["90.5"] = fx["90.5"][:1] + [{"source": "c2.s5", "target": "c2.s4", "relation": "attack"}]
    if n % 2 == 1:
        fx["90.7"] = "The reader agrees with Lavrov."
    if n % 4 == 3:
        fx["90.9"] = "def slug(phrase):\n    return phrase.replace(' ', '-')\n"
    sc["91.1"]["c2.s6"] = LABELS[n % len(LABELS)]
    if n % 3 == 0:
        sc["91.1"]["c2.s11"] = "boosters"
    if n % 5 == 4:
        sc["91.3"] = "a"
    if n % 6 == 5:
        sc["91.4"] = 171
    return a


def doc(student, answers, created="2026-03-01T10:00:00+00:00", **extra):
    out = {"schema": 1, "kind": "discourse-kit submission", "student": student, "kit_version": "0.1.0",
           "created": created,
           "answers": {nb: {k: {"value": v, "saved_at": created} for k, v in recs.items()}
                       for nb, recs in answers.items()}}
    out.update(extra)
    return out


def write(name, data):
    path = HERE / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    elif isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def main():
    for old in HERE.glob("*.json"):
        old.unlink()
    for sub in HERE.iterdir():
        if sub.is_dir():
            for f in sub.iterdir():
                f.unlink()
            sub.rmdir()
    # Ordinary students: s01 is perfect; s02..s16 vary; s17 is in a Moodle folder; s18 answers little.
    write("student01_1001_5001_submission.json", doc("s01", PERFECT))
    for n in range(2, 17):
        name = (f"student{n:02d}_{1000 + n}_{5000 + n}_submission.json" if n % 2 == 0
                else f"Student Number{n:02d}_{2000 + n}_assignsubmission_file_submission.json")
        write(name, doc(f"s{n:02d}", variant(n)))
    folder = HERE / "Student Seventeen_2017_assignsubmission_file_"
    folder.mkdir()
    (folder / "submission.json").write_text(json.dumps(doc("s17", variant(17))), encoding="utf-8")
    write("student18_1018_5018_submission.json", doc("s18", {"91-second": {"91.3": "c"}}))

    # Broken and hostile submissions.
    good = json.dumps(doc("h01", PERFECT))
    write("hostile01_3001_6001_truncated.json", good[: len(good) // 2])
    write("hostile02_3002_6002_binary.json", b"\x89PNG\r\n\x1a\n\x00\xff\xfe garbage")
    write("hostile03_3003_6003_empty.json", "")
    write("hostile04_3004_6004_deep.json", "[" * 50_000 + "]" * 50_000)
    forged = doc("h05", {"90-fixture": {"90.2": ["b", "d"]}}, total=19, points=19)
    forged["answers"]["90-fixture"]["90.2"]["points"] = 3
    write("hostile05_3005_6005_forged.json", forged)
    # h06 uploads a file claiming to be s02 (Canvas user 1002 is the real s02).
    write("hostile06_3006_6006_impostor.json", doc("s02", PERFECT, created="2026-03-02T10:00:00+00:00"))
    # s04 submitted twice: the older file must be superseded by the newer one.
    write("student04_1004_4999_submission.json", doc("s04", {"91-second": {"91.3": "a"}},
                                                      created="2026-02-20T10:00:00+00:00"))
    write("hostile07_3007_6007_path.json", doc("../../etc/passwd", PERFECT))
    loop = json.loads(json.dumps(PERFECT))
    loop["90-fixture"]["90.9"] = "def slug(phrase):\n    while True:\n        pass\n"
    write("hostile08_3008_6008_loop.json", doc("h08", loop))
    keys = json.loads(json.dumps(PERFECT))
    keys["90-fixture"]["90.9"] = ("def slug(phrase):\n    import glob\n"
                                  "    return open('../../exercises/keys/90-fixture.yml').read()\n")
    write("hostile09_3009_6009_readkeys.json", doc("h09", keys))
    fork = json.loads(json.dumps(PERFECT))
    fork["90-fixture"]["90.9"] = ("import subprocess\ndef slug(phrase):\n"
                                  "    return subprocess.run(['cat', '/etc/passwd'], capture_output=True).stdout.decode()\n")
    write("hostile10_3010_6010_subprocess.json", doc("h10", fork))
    wrong = {"90-fixture": {"90.2": "a", "90.4": [{"start": -5, "end": "x", "label": 3}],
                            "90.5": {"source": "a2.s8"}, "90.7": ["not", "text"], "90.9": 42},
             "91-second": {"91.1": ["c2.s6", "hedges"], "91.3": ["c"], "91.4": "seventeen"}}
    write("hostile11_3011_6011_types.json", doc("h11", wrong))
    write("hostile12_3012_6012_schema.json", dict(doc("h12", PERFECT), schema=99))
    write("hostile13_3013_6013_list.json", [doc("h13", PERFECT)])
    write("hostile14_3014_6014_nan.json", json.dumps(doc("h14", {"91-second": {"91.4": 1}})).replace('"value": 1,', '"value": NaN,'))
    dup = json.dumps(doc("h15", {"91-second": {"91.3": "c"}}))
    write("hostile15_3015_6015_dupkey.json", dup.replace('"student": "h15"', '"student": "h15", "student": "s01"'))
    no_id = doc("x", PERFECT)
    del no_id["student"]
    write("hostile16_3016_6016_noid.json", no_id)
    big = json.loads(json.dumps(PERFECT))
    big["90-fixture"]["90.7"] = "word " * 3000
    big["90-fixture"]["90.9"] = "def slug(phrase):\n    a = []\n    while True:\n        a.append(' ' * 10**7)\n"
    write("hostile17_3017_6017_bigtext.json", doc("h17", big))


if __name__ == "__main__":
    main()
