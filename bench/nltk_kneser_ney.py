"""NLTK's side of bench/compare's Kneser-Ney row (and bench/scaling --kneser-ney's): fit
`KneserNeyInterpolated(order=K+1)` on names.txt and score every next character after the contexts
of K characters, the work `Counts::from_file` + `Model::kneser_ney` does (crate/benches/ngram.rs,
`kneser_ney/modified_k5`).

    python bench/nltk_kneser_ney.py --names data/names.txt --k 5 --contexts 2000 --json out.json

NLTK has no modified Kneser-Ney: it is fitted with one discount (0.75), the same formula with
one D instead of three per order. The n-grams are built as crate/tests/kneser_ney_reference.py
builds them (each name padded with K '.' on the left and one on the right; for each predicted
position the n-grams ending there), so that NLTK counts what the crate counts. NLTK computes a
score on demand, recursing through the shorter contexts; scoring all 27 characters after each of
the 41276 contexts seen at K = 5 would take minutes, so it scores `--contexts` of them (spread
over the sorted contexts) and the time per context is multiplied out to all of them; the fit is
timed whole. The output is JSON: the fit's seconds, the scoring's seconds per context, the
number of contexts, their estimated total, and the peak RSS of this process.
"""

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--names", required=True)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--contexts", type=int, default=2000,
                    help="how many of the contexts seen to score (0: all of them)")
    ap.add_argument("--discount", type=float, default=0.75)
    ap.add_argument("--json")
    args = ap.parse_args()

    import nltk
    from nltk.lm import KneserNeyInterpolated

    k = args.k
    t0 = time.perf_counter()
    words = Path(args.names).read_text().splitlines()
    chars = ["."] + sorted(set("".join(words)))

    def ngrams(item):
        s = "." * k + item + "."
        return [tuple(s[i - m : i + 1]) for i in range(k, len(s)) for m in range(k + 1)]

    lm = KneserNeyInterpolated(k + 1, discount=args.discount)
    lm.fit((ngrams(w) for w in words), chars)
    fit = time.perf_counter() - t0

    seen = sorted({s[i - k : i] for w in words for s in ["." * k + w + "."]
                   for i in range(k, len(s))})
    n = len(seen) if args.contexts <= 0 else min(args.contexts, len(seen))
    picked = [seen[i * len(seen) // n] for i in range(n)]
    t0 = time.perf_counter()
    total = 0.0
    for context in picked:
        row = [lm.score(ch, tuple(context)) for ch in chars]
        total += sum(row)
    score = time.perf_counter() - t0
    if abs(total / n - 1.0) > 1e-6:
        sys.exit(f"NLTK's rows sum to {total / n} on average, not 1")
    per_context = score / n
    out = {
        "nltk": nltk.__version__,
        "python": sys.version.split()[0],
        "k": k,
        "items": len(words),
        "fit_seconds": fit,
        "contexts_seen": len(seen),
        "contexts_scored": n,
        "score_seconds_per_context": per_context,
        "estimated_total_seconds": fit + per_context * len(seen),
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    text = json.dumps(out, indent=1)
    if args.json:
        Path(args.json).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
