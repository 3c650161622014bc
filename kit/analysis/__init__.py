"""The instruments of discourse study: each takes a Document, a Corpus or a table
and returns a tidy DataFrame (``kit.plots`` draws them).

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> kit.analysis.concordance(doc, "collective West").shape[0]
3
"""
