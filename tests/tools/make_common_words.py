"""Build `sessie_tui/domain/common_words.txt`: ordinary Dutch and English words.

The privacy guard flags a capitalised word that is no ordinary word and no
participant's name as a possible name of someone outside the room. "Ordinary"
is decided here, once, not at run time:

- the most frequent words of Dutch and English, from wordfreq 3.1.1
  (`top_n_list`; its data is CC BY-SA 4.0, by Robyn Speer and the sources it
  names: https://github.com/rspeer/wordfreq);
- kept only if a spelling dictionary accepts the word in lower case: OpenTaal's
  Dutch (Debian `hunspell-nl`, BSD / CC BY 3.0) or SCOWL's American English
  (Debian `hunspell-en-us`, MIT-like), checked with spylls. A dictionary lists
  a proper noun capitalised only, so "jan", "peeters" or "emma" are not
  accepted in lower case and stay out of the list, while "kerk" or "will" stay in.

A dictionary also accepts in lower case a few words that are above all first names
in Flanders ("jan", "els", "peter"): `FIRST_NAMES` takes those out again by hand.
English words that are names too but mostly words ("will", "may", "grace") stay.

wordfreq is 58 MB installed and takes 0.2 s for its first look-up: too heavy
to carry in the app for one set of words, so the list is vendored (about 300 kB).

Run with an environment that has wordfreq and spylls (not the app's):
    python -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq spylls
    apt-get install hunspell-nl hunspell-en-us
    /tmp/wf/bin/python tests/tools/make_common_words.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from spylls.hunspell import Dictionary
from wordfreq import top_n_list

PER_LANGUAGE = 30_000
FIRST_NAMES = frozenset(
    [
        "adam",
        "anna",
        "bart",
        "ben",
        "bill",
        "bob",
        "charlie",
        "chris",
        "dan",
        "dick",
        "dirk",
        "ed",
        "els",
        "frank",
        "hans",
        "harry",
        "henry",
        "jack",
        "jan",
        "jean",
        "joe",
        "john",
        "kim",
        "koos",
        "lee",
        "lies",
        "louis",
        "marc",
        "maria",
        "mark",
        "martin",
        "mary",
        "max",
        "mike",
        "nick",
        "peter",
        "ray",
        "rob",
        "roos",
        "smith",
        "thomas",
        "tom",
        "tony",
    ]
)
"""Accepted in lower case by a dictionary, yet in a note about a pupil a first name."""
SOURCES = {"nl": "/usr/share/hunspell/nl", "en": "/usr/share/hunspell/en_US"}
OUT = Path(__file__).resolve().parents[2] / "sessie_tui" / "domain" / "common_words.txt"
HEADER = """\
# Ordinary Dutch and English words, lower case, one a line: the privacy guard
# leaves a capitalised word alone when it is one of these.
# Built by tests/tools/make_common_words.py from the {count} most frequent words
# of each language in wordfreq 3.1.1 (data CC BY-SA 4.0, Robyn Speer et al.,
# https://github.com/rspeer/wordfreq), keeping those that OpenTaal's Dutch
# dictionary (BSD / CC BY 3.0) or SCOWL's English dictionary (MIT-like) accepts
# in lower case, so proper nouns (first names, surnames, places) stay out, and
# leaving out a few first names the dictionaries also accept as words (jan, els…).
# This file is CC BY-SA 4.0 like the data it is derived from.
"""


def main() -> None:
    kept: set[str] = set()
    for lang, path in SOURCES.items():
        dictionary = Dictionary.from_files(path)
        for word in top_n_list(lang, PER_LANGUAGE):
            if len(word) < 2 or not word.isalpha() or word != word.lower():
                continue
            if word not in FIRST_NAMES and dictionary.lookup(word):
                kept.add(word)
        print(lang, len(kept), file=sys.stderr)
    OUT.write_text(
        HEADER.format(count=PER_LANGUAGE) + "\n".join(sorted(kept)) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
