"""The lecture's own PyTorch code (makemore part 1, and its exercises), timed on the CPU.

Each operation is written the way the lecture writes it; the comments quote it. Run by
`bench/compare`, which sets the thread count and prints the side-by-side table. On its own:

    bench/.venv/bin/python bench/torch_lecture.py --names data/names.txt --threads 1 --json out.json

Every operation is timed in blocks of calls (a block lasts at least --block seconds); the
result is the median time per call over the blocks. The checks at the end (N sums to 228146,
the NLL is 2.4546, the first step's loss is 3.7686) make sure it did the lecture's work.

The exercises (the last operations): the bigram step by W[xs] and F.cross_entropy; the trigram
with makemore part 2's convention (two characters of context, starting as '..': 228146
examples), counted by Python loops and bincount into 729 x 27, its table net's step
F.cross_entropy(W[ix], Y) and the concatenated net's step (two one-hot blocks, 228146 x 54, @ W
of 54 x 27). Their checks: the trigram N sums to 228146 ('emm' 100) and each step's first loss
from torch.randn((rows, 27), generator=g), which crate/benches/ngram.rs checks its own against.
"""

import argparse
import gc
import json
import os
import statistics
import sys
import time


def timed(fn, min_time, block, min_blocks, max_blocks=1000):
    """Median seconds per call of fn(), over blocks of calls of at least `block` seconds each."""
    fn()  # warm up (and the first call's allocations)
    number = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        elapsed = time.perf_counter() - t0
        if elapsed >= block:
            break
        number *= 2 if elapsed * 4 < block else 1
        number = max(number, int(number * block / max(elapsed, 1e-9)) + 1)
    per_call = [elapsed / number]
    total = elapsed
    gc_was = gc.isenabled()
    gc.disable()
    try:
        while (total < min_time or len(per_call) < min_blocks) and len(per_call) < max_blocks:
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            elapsed = time.perf_counter() - t0
            per_call.append(elapsed / number)
            total += elapsed
    finally:
        if gc_was:
            gc.enable()
    return {"median": statistics.median(per_call), "blocks": len(per_call), "calls_per_block": number}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--names", default="data/names.txt")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--min-time", type=float, default=3.0, help="seconds per operation (at least)")
    ap.add_argument("--block", type=float, default=0.05, help="seconds per block (at least)")
    ap.add_argument("--min-blocks", type=int, default=10)
    ap.add_argument("--only", nargs="*", help="run only these operations")
    args = ap.parse_args()

    # The thread pools read these when torch is imported; set_num_threads below covers the rest.
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(args.threads)

    names_path = args.names
    results = {}
    checks = {}

    def run(key, fn, slow=False):
        if args.only and key not in args.only:
            return
        if slow:  # seconds per call: a few calls, each its own block
            r = timed(fn, min_time=0.0, block=0.0, min_blocks=5 if key != "train_100_steps" else 3)
        else:
            r = timed(fn, args.min_time, args.block, args.min_blocks)
        results[key] = r
        print(f"  {key:<24} {fmt(r['median'])}  ({r['blocks']} blocks x {r['calls_per_block']})",
              file=sys.stderr, flush=True)

    # --- reading and counting --------------------------------------------------------------
    def read_words():
        # words = open('names.txt', 'r').read().splitlines()
        return open(names_path, "r").read().splitlines()

    def vocabulary(words):
        # chars = sorted(list(set(''.join(words)))); stoi = {s:i+1 for i,s in enumerate(chars)}
        chars = sorted(list(set("".join(words))))
        stoi = {s: i + 1 for i, s in enumerate(chars)}
        stoi["."] = 0
        return chars, stoi

    def count_dict():
        words = read_words()
        b = {}
        for w in words:
            chs = ["<S>"] + list(w) + ["<E>"]
            for ch1, ch2 in zip(chs, chs[1:]):
                bigram = (ch1, ch2)
                b[bigram] = b.get(bigram, 0) + 1
        return b

    def count_loop():
        words = read_words()
        chars, stoi = vocabulary(words)
        N = torch.zeros((27, 27), dtype=torch.int32)
        for w in words:
            chs = ["."] + list(w) + ["."]
            for ch1, ch2 in zip(chs, chs[1:]):
                ix1 = stoi[ch1]
                ix2 = stoi[ch2]
                N[ix1, ix2] += 1
        return N

    def index_lists(words, stoi):
        # the lecture's training set: xs, ys = [], []; ... xs.append(ix1); ys.append(ix2)
        xs, ys = [], []
        for w in words:
            chs = ["."] + list(w) + ["."]
            for ch1, ch2 in zip(chs, chs[1:]):
                xs.append(stoi[ch1])
                ys.append(stoi[ch2])
        return torch.tensor(xs), torch.tensor(ys)

    def count_bincount():
        words = read_words()
        chars, stoi = vocabulary(words)
        xs, ys = index_lists(words, stoi)
        return torch.bincount(xs * 27 + ys, minlength=27 * 27).view(27, 27)

    def count_bincount_torch_indices():
        # No Python loop at all: the file's bytes as a tensor, '\n' -> '.', a..z -> 1..26, one
        # '.' in front; every adjacent pair is a bigram (a name's end '.' starts the next name).
        raw = open(names_path, "rb").read()
        if not raw.endswith(b"\n"):
            raw += b"\n"
        codes = torch.frombuffer(bytearray(b"\n" + raw), dtype=torch.uint8).long()
        table = torch.zeros(256, dtype=torch.long)
        table[ord("a"):ord("z") + 1] = torch.arange(1, 27)
        ix = table[codes]
        xs, ys = ix[:-1], ix[1:]
        return torch.bincount(xs * 27 + ys, minlength=27 * 27).view(27, 27)

    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)", file=sys.stderr)
    run("count_dict", count_dict, slow=False)
    run("count_loop", count_loop, slow=True)
    run("count_bincount", count_bincount)
    run("count_bincount_torch_indices", count_bincount_torch_indices)

    N = count_bincount()
    checks["N_sum"] = int(N.sum())
    checks["N_same_both_bincount_ways"] = torch.equal(N, count_bincount_torch_indices())

    # --- P by broadcasting -------------------------------------------------------------------
    def probs():
        P = (N + 1).float()
        P /= P.sum(1, keepdims=True)
        return P

    run("probs", probs)
    P = probs()

    # --- the average NLL over every bigram ---------------------------------------------------
    words = read_words()
    chars, stoi = vocabulary(words)
    xs, ys = index_lists(words, stoi)
    num = xs.nelement()

    def nll():
        return -P[xs, ys].log().mean()

    run("nll", nll)
    checks["nll"] = float(nll())
    checks["bigrams"] = num

    # --- sampling ----------------------------------------------------------------------------
    itos = {i: s for s, i in stoi.items()}

    def sample_1000():
        g = torch.Generator().manual_seed(2147483647)
        out_names = []
        for i in range(1000):
            out = []
            ix = 0
            while True:
                p = P[ix]
                ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
                out.append(itos[ix])
                if ix == 0:
                    break
            out_names.append("".join(out))
        return out_names

    run("sample_1000", sample_1000)
    checks["first_names"] = sample_1000()[:5]

    # --- training ----------------------------------------------------------------------------
    def init_w():
        g = torch.Generator().manual_seed(2147483647)
        return torch.randn((27, 27), generator=g, requires_grad=True)

    W = init_w()

    def step(W):
        # forward pass
        xenc = F.one_hot(xs, num_classes=27).float()  # input to the network: one-hot encoding
        logits = xenc @ W  # predict log-counts
        counts = logits.exp()  # counts, equivalent to N
        probs = counts / counts.sum(1, keepdims=True)  # probabilities for next character
        loss = -probs[torch.arange(num), ys].log().mean() + 0.01 * (W**2).mean()
        # backward pass
        W.grad = None  # set to zero the gradient
        loss.backward()
        # update
        W.data += -50 * W.grad
        return loss

    checks["first_loss"] = step(init_w()).item()
    run("train_step", lambda: step(W))

    def train_100():
        W = init_w()
        for k in range(100):
            loss = step(W)
        return loss

    run("train_100_steps", train_100, slow=True)
    checks["loss_after_100_steps"] = train_100().item() if (
        not args.only or "train_100_steps" in args.only) else None

    # --- the lecture's exercises: indexing, F.cross_entropy, the trigram ------------------------
    # The bigram step of exercises 4 and 5: W[xs] instead of the one-hot product, and
    # F.cross_entropy instead of exp / normalise / -log.
    def step_index(W):
        loss = F.cross_entropy(W[xs], ys) + 0.01 * (W**2).mean()
        W.grad = None
        loss.backward()
        W.data += -50 * W.grad
        return loss

    checks["index_first_loss"] = step_index(init_w()).item()
    W_index = init_w()
    run("train_step_index", lambda: step_index(W_index))

    # The trigram (exercise 1) with makemore part 2's convention: two characters of context,
    # starting as '..'; each character of a name and then its closing '.' is one example.
    def trigram_examples(words, stoi):
        # X, Y = [], []; context = [0] * block_size; for ch in w + '.': ...
        X, Y = [], []
        for w in words:
            context = [0] * 2
            for ch in w + ".":
                ix = stoi[ch]
                X.append(context)
                Y.append(ix)
                context = context[1:] + [ix]
        return torch.tensor(X), torch.tensor(Y)

    def count_trigram_bincount():
        words = read_words()
        chars, stoi = vocabulary(words)
        X, Y = trigram_examples(words, stoi)
        ix = X[:, 0] * 27 + X[:, 1]  # the context as one index, 0..728
        return torch.bincount(ix * 27 + Y, minlength=729 * 27).view(729, 27)

    run("count_trigram_bincount", count_trigram_bincount)
    N3 = count_trigram_bincount()
    checks["N3_sum"] = int(N3.sum())
    checks["N3_emm"] = int(N3[5 * 27 + 13, 13])  # 'm' after "em": 100

    X, Y = trigram_examples(words, stoi)
    ix = X[:, 0] * 27 + X[:, 1]

    def init_rows(rows):
        g = torch.Generator().manual_seed(2147483647)
        return torch.randn((rows, 27), generator=g, requires_grad=True)

    # The table net: one one-hot of the whole context (729 inputs), i.e. a row of W (729 x 27).
    def step_table(W):
        loss = F.cross_entropy(W[ix], Y) + 0.01 * (W**2).mean()
        W.grad = None
        loss.backward()
        W.data += -50 * W.grad
        return loss

    checks["table_first_loss"] = step_table(init_rows(729)).item()
    W_table = init_rows(729)
    run("train_step_trigram_table", lambda: step_table(W_table))

    # The concatenated net: each context character one-hot (27), side by side (54), times W
    # (54 x 27), built in the step as the lecture's bigram step builds xenc.
    def step_concat(W):
        xenc = torch.cat([F.one_hot(X[:, 0], num_classes=27),
                          F.one_hot(X[:, 1], num_classes=27)], dim=1).float()  # 228146 x 54
        logits = xenc @ W
        loss = F.cross_entropy(logits, Y) + 0.01 * (W**2).mean()
        W.grad = None
        loss.backward()
        W.data += -50 * W.grad
        return loss

    checks["concat_first_loss"] = step_concat(init_rows(54)).item()
    W_concat = init_rows(54)
    run("train_step_trigram_concat", lambda: step_concat(W_concat))

    report = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "python": sys.version.split()[0],
        "results": results,
        "checks": checks,
    }
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)
    else:
        json.dump(report, sys.stdout, indent=1)


def fmt(seconds):
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            return f"{seconds / scale:8.3f} {unit}"
    return f"{seconds / 1e-9:8.3f} ns"


if __name__ == "__main__":
    main()
