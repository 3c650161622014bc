"""Every figure builds from the seed's tables, with the data, titles and labels a student reads."""

from __future__ import annotations

import pytest

import kit
from kit import analysis as A, plots as P


def _is_transparent(fig):
    return fig.layout.paper_bgcolor == "rgba(0,0,0,0)" and fig.layout.plot_bgcolor == "rgba(0,0,0,0)"


def test_frequencies_figure(seed):
    f = A.frequencies(seed, by="speaker", stopwords=True)
    fig = P.frequencies(f[f.speaker.isin(["lavrov", "reader-2"])], top=5)
    assert [t.name for t in fig.data] == ["lavrov", "reader-2"]
    lavrov = fig.data[0]
    # the top word of Lavrov without stop words is "world", 8 times in 1,098 words (it is drawn last,
    # at the top of a horizontal bar chart)
    assert lavrov.y[-1] == "world" and lavrov.x[-1] == pytest.approx(8 / 1098 * 1000)
    assert fig.layout.title.text == "Most frequent words by speaker (top 5)"
    assert fig.layout.xaxis.title.text == "occurrences per 1,000 words"
    assert fig.layout.yaxis.title.text == "word"
    assert "per 1,000 words" in lavrov.hovertemplate
    assert _is_transparent(fig)


def test_keyness_figure(seed):
    k = A.keyness(A.select(seed, speaker="lavrov"), A.select(seed, kind="comment"), min_freq=3)
    fig = P.keyness(k, top=8)
    words = list(fig.data[0].y) + list(fig.data[1].y)
    assert sorted(words) == sorted(k.head(8).word)
    by_word = k.set_index("word")
    for trace, sign in ((fig.data[0], "+"), (fig.data[1], "-")):
        for word, x in zip(trace.y, trace.x):
            assert by_word.loc[word, "direction"] == sign
            assert x == pytest.approx(by_word.loc[word, "log_ratio"])
    assert fig.data[0].name == "more frequent in the target"
    assert "G2" in fig.data[0].hovertemplate
    assert fig.layout.yaxis.title.text == "word"


def test_kwic_figure(seed):
    kw = A.concordance(seed, "collective West", width=30)
    fig = P.kwic(kw)
    table = fig.data[0]
    assert list(table.header.values) == ["where", "left context", "node", "right context"]
    assert list(table.cells.values[2]) == ["<b>collective West</b>"] * 3
    assert list(table.cells.align) == ["left", "right", "center", "left"]
    assert table.cells.values[0][0] == "a1.s2 · lavrov"
    assert fig.layout.title.text == "Concordance of “collective West” (3 lines)"
    assert "rgba(230,159,0" in table.cells.fill.color[2][0]        # the node column is highlighted
    assert _is_transparent(fig)


def test_dispersion_figure(seed):
    d = A.dispersion(seed, ["West", "Russia"])
    fig = P.dispersion(d)
    points = sum(len(t.x) for t in fig.data)
    assert points == len(d) == 8 + 9
    lavrov = next(t for t in fig.data if t.name == "lavrov")
    assert set(lavrov.y) == {"West", "Russia"}
    assert fig.layout.xaxis.title.text == "position in the text (token number)"
    assert fig.layout.yaxis.title.text == "term"
    assert "sentence" in lavrov.hovertemplate


def test_deixis_and_stance_figures(seed):
    fig = P.deixis(A.deixis(seed))
    we = next(t for t in fig.data if t.name == "we")
    assert dict(zip(we.x, we.y))["lavrov"] == pytest.approx(19 / 1098 * 1000)
    assert fig.layout.title.text == "We and they: person deixis per speaker"
    assert fig.layout.xaxis.title.text == "speaker" and fig.layout.yaxis.title.text == "per 1,000 words"
    fig = P.stance(A.stance(seed, by="segment"))
    hedges = next(t for t in fig.data if t.name == "hedges")
    assert "a1" in hedges.x and fig.layout.xaxis.title.text == "segment"
    assert fig.layout.title.text == "Stance markers (Hyland 2005) per segment"
    assert "per 1,000" in hedges.hovertemplate


def test_naming_figure(seed):
    n = A.naming(seed)
    fig = P.naming(n, actor="west")
    reader = next(t for t in fig.data if t.name == "reader-2")
    labels = list(zip(*reader.y))
    assert ("the West", "West") in labels
    assert fig.layout.title.text == "How the West is named, by speaker"
    assert fig.layout.xaxis.title.text == "mentions"
    whole = P.naming(n)
    assert sum(sum(t.x) for t in whole.data) == n.n.sum()
    with pytest.raises(ValueError, match="no actor 'mars'"):
        P.naming(n, actor="mars")


def test_sentiment_arc(seed):
    s = A.sentiment(seed)
    fig = P.sentiment_arc(s)
    assert sum(len(t.x) for t in fig.data[1:]) == len(s)
    assert list(fig.layout.yaxis.range) == [-1.05, 1.05]
    assert fig.layout.xaxis.title.text == "sentence (in text order)"
    assert fig.layout.title.text == "Sentiment arc: VADER compound score per sentence"
    seg = P.sentiment_arc(A.sentiment(seed, unit="segment"))
    assert seg.layout.xaxis.title.text == "segment (in text order)"


def test_a_wrong_table_gets_a_clear_error(seed):
    with pytest.raises(ValueError, match="kit.analysis.keyness"):
        P.keyness(A.frequencies(seed))


def test_builders_never_show(seed, monkeypatch):
    import plotly.graph_objects as go
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **k: pytest.fail("a builder called show()"))
    P.stance(A.stance(seed))
    P.sentiment_arc(A.sentiment(seed))


def test_keyness_marks_the_words_chance_could_explain(seed):
    import kit
    k = kit.analysis.keyness(kit.analysis.select(seed, speaker="lavrov"), kit.analysis.select(seed, kind="comment"))
    fig = kit.plots.keyness(k, top=20)
    shown = k.sort_values("g2", ascending=False).head(20).set_index("word")["p"]
    for trace in fig.data:
        for word, shape in zip(trace.y, trace.marker.pattern.shape):
            assert (shape == "/") == (shown[word] >= 0.05), word
    assert f"{int((shown >= 0.05).sum())} word(s) with p ≥ 0.05" in fig.layout.title.text


def test_frequency_panels_leave_tiny_groups_out_and_say_so(seed):
    import kit
    f = kit.analysis.frequencies(seed, by="speaker", stopwords=True)
    sizes = f.groupby("speaker", observed=True)["group_words"].first()
    fig = kit.plots.frequencies(f, top=5, min_words=100)
    assert {t.name for t in fig.data} == {s for s, n in sizes.items() if n >= 100}
    for s, n in sizes.items():
        if n < 100:
            assert f"{s} ({n} words)" in fig.layout.title.text
    # one x axis per panel: each group is read on its own scale
    assert len([k for k in fig.layout if k.startswith("xaxis")]) == len(fig.data)
