"""KenLM's scores of ARPA files, for crate/tests/lib/arpa.rs.

Reads one JSON document on stdin, {"models": [{"path": ..., "k": K}, ...], "items": [...]}, and
prints {"scores": [[log10 p, ...] per model]}: for every item, in order, the log10 probability
KenLM's `kenlm` module (pinned in scripts/requirements-nltk.txt) gives each character and then
`</s>`, after K `<s>` tokens: the n-grams of makemore's model with K characters of context, whose
K leading start tokens an ARPA file spells as `<s>`. `<s>` is fed to the model as a word to build
the state (its own score is dropped); `BaseScore` is KenLM's back-off lookup (lm/model.cc).
"""

import json
import sys

import kenlm


def scores(model, k, items):
    out = []
    for item in items:
        state = kenlm.State()
        model.NullContextWrite(state)
        for _ in range(k):
            after = kenlm.State()
            model.BaseScore(state, "<s>", after)
            state = after
        for word in list(item) + ["</s>"]:
            after = kenlm.State()
            out.append(model.BaseScore(state, word, after))
            state = after
    return out


def main():
    request = json.load(sys.stdin)
    config = kenlm.Config()
    config.show_progress = False
    config.arpa_complain = kenlm.ARPALoadComplain.NONE
    result = []
    for spec in request["models"]:
        model = kenlm.Model(spec["path"], config)
        assert model.order == spec["k"] + 1, (spec, model.order)
        result.append(scores(model, spec["k"], request["items"]))
    json.dump({"scores": result}, sys.stdout)


if __name__ == "__main__":
    main()
