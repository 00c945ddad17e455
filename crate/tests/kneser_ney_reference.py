"""Independent numbers for crate/src/kneser_ney.rs's tests, printed as JSON on stdout.

    python3 kneser_ney_reference.py split
        The lectures' split of names.txt (random.seed(42); random.shuffle(words); 80% train, 10%
        dev) and the average dev NLL of a plain-Python interpolated Kneser-Ney, D = 0.9, K = 5.
    python kneser_ney_reference.py nltk      (a Python with NLTK: scripts/requirements-nltk.txt)
        For K = 1..4 on all of names.txt and a sample of contexts (seen and unseen): every next
        character's probability under NLTK's KneserNeyInterpolated (D = 0.75), and modified
        Kneser-Ney's discounts and probabilities from the plain-Python Chen and Goodman below.

The conventions (kneser_ney.rs's module docs say why): each name is padded with K '.' on the
left and one on the right; '.' is a character like any other; the n-grams counted are, for each
predicted position, the ones ending there (lengths 1..K+1); the lowest order interpolates with the
uniform distribution over the V characters.
"""

import json
import math
import random
import sys
from collections import defaultdict
from pathlib import Path

NAMES = Path(__file__).resolve().parent.parent.parent / "data" / "names.txt"
FALLBACK = (0.5, 1.0, 1.5)


def counts_by_order(items, k):
    """counts[m][context][next] for contexts of m characters: raw at m = k, continuation below."""
    counts = [defaultdict(lambda: defaultdict(int)) for _ in range(k + 1)]
    for item in items:
        s = "." * k + item + "."
        for i in range(k, len(s)):
            counts[k][s[i - k : i]][s[i]] += 1
    for m in range(k - 1, -1, -1):
        for context, row in counts[m + 1].items():
            for ch in row:
                counts[m][context[1:]][ch] += 1  # one more distinct context one char longer
    return counts


def modified_discounts(rows):
    """Chen and Goodman's D1, D2, D3+ from one order's counts of counts; KenLM's fallback for
    an estimate outside 0 < D_r < r (KenLM itself would accept an estimated 0)."""
    n = [0] * 5
    for row in rows.values():
        for c in row.values():
            if 1 <= c <= 4:
                n[c] += 1
    if n[1] == 0 or n[2] == 0 or n[3] == 0:
        return FALLBACK
    y = n[1] / (n[1] + 2 * n[2])
    d = (1 - 2 * y * n[2] / n[1], 2 - 3 * y * n[3] / n[2], 3 - 4 * y * n[4] / n[3])
    return d if all(0 < d[r] < r + 1 for r in range(3)) else FALLBACK


def kneser_ney(items, k, chars, discounts):
    """p(next, context): interpolated Kneser-Ney; discounts[m] = (D1, D2, D3+) of order m."""
    counts = counts_by_order(items, k)

    def prob(next_char, context):
        p = 1 / len(chars)
        for m in range(k + 1):
            row = counts[m].get(context[len(context) - m :])
            if not row:
                continue  # never seen at this order: gamma = 1
            d = lambda c: 0 if c == 0 else discounts[m][min(c, 3) - 1]
            total = sum(row.values())
            gamma = sum(d(c) for c in row.values()) / total
            c = row.get(next_char, 0)
            p = (c - d(c)) / total + gamma * p
        return p

    return prob


def mean_nll(prob, items, k):
    total, n = 0.0, 0
    for item in items:
        s = "." * k + item + "."
        for i in range(k, len(s)):
            total -= math.log(prob(s[i], s[i - k : i]))
            n += 1
    return total / n


def split():
    words = NAMES.read_text().splitlines()
    random.seed(42)
    random.shuffle(words)
    n = len(words)
    train, dev = words[: int(0.8 * n)], words[int(0.8 * n) : int(0.9 * n)]
    chars = ["."] + sorted(set("".join(words)))
    prob = kneser_ney(train, 5, chars, [(0.9,) * 3] * 6)
    return {"train": train, "dev": dev, "nll_k5_d09": mean_nll(prob, dev, 5)}


def sample_contexts(items, k, chars):
    """Eight seen contexts spread over the sorted ones, the all-padding one, and up to six unseen
    ones (at K = 1 every character is seen as a context)."""
    seen = sorted(counts_by_order(items, k)[k])
    picked = [seen[i * (len(seen) - 1) // 7] for i in range(8)] + ["." * k]
    rng = random.Random(k)
    letters = chars[1:]
    unseen = []
    for _ in range(1000):
        # random letters, some after padding, so that the longest seen suffix varies
        pad = rng.randrange(k)
        context = "." * pad + "".join(rng.choice(letters) for _ in range(k - pad))
        if context not in seen and context not in unseen and len(unseen) < 6:
            unseen.append(context)
    return picked + unseen


def nltk_check(discount=0.75):
    from nltk.lm import KneserNeyInterpolated

    words = NAMES.read_text().splitlines()
    chars = ["."] + sorted(set("".join(words)))
    out = {"chars": "".join(chars), "discount": discount, "orders": []}
    for k in range(1, 5):
        lm = KneserNeyInterpolated(k + 1, discount=discount)

        def ngrams(item):
            s = "." * k + item + "."
            return [tuple(s[i - m : i + 1]) for i in range(k, len(s)) for m in range(k + 1)]

        lm.fit([ngrams(w) for w in words], chars)
        estimator = lm.estimator
        # NLTK's lowest order is the bare continuation unigram; ours interpolates it with 1/V.
        # Only this method is replaced; the higher orders and the recursion are NLTK's.
        followed = sum(1 for ch in chars if estimator._continuation_counts(ch)[0] > 0)

        def unigram_score(word):
            count, total = estimator._continuation_counts(word)
            gamma = discount * followed / total
            return max(count - discount, 0) / total + gamma / len(chars)

        estimator.unigram_score = unigram_score
        counts = counts_by_order(words, k)
        modified = [modified_discounts(counts[m]) for m in range(k + 1)]
        modified_prob = kneser_ney(words, k, chars, modified)
        contexts = sample_contexts(words, k, chars)
        out["orders"].append(
            {
                "k": k,
                "contexts": contexts,
                "nltk": [[lm.score(ch, tuple(c)) for ch in chars] for c in contexts],
                "modified_discounts": modified,
                "modified": [[modified_prob(ch, c) for ch in chars] for c in contexts],
            }
        )
    return out


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode not in ("split", "nltk"):
        sys.exit("usage: kneser_ney_reference.py split|nltk")
    json.dump(split() if mode == "split" else nltk_check(), sys.stdout)
