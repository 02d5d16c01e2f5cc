"""Builds NLTK's tokenizers/punkt/english.pickle from Debian's neurosnap/sentences English JSON
(the same Punkt parameters), for machines without NLTK's punkt data. Usage: make_punkt_pickle.py JSON OUT_DIR"""
import json
import os
import pickle
import sys

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

src, out_dir = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8") as f:
    data = json.load(f)
params = PunktParameters()
params.abbrev_types = set(data["AbbrevTypes"])
params.sent_starters = set(data["SentStarters"])
params.collocations = set(tuple(k.split(",", 1)) for k in data["Collocations"])
for typ, flags in data["OrthoContext"].items():
    params.ortho_context[typ] = flags
for target in (os.path.join(out_dir, "tokenizers", "punkt"), os.path.join(out_dir, "tokenizers", "punkt", "PY3")):
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, "english.pickle"), "wb") as f:
        pickle.dump(PunktSentenceTokenizer(params), f)
