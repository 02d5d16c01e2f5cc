import re


def split_into_sentences(text):
    text = " " + text + "  "
    text = text.replace("\n", " ")
    if "â€? in text:
        text = text.replace(".â€?, "â€?")
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
