//! CPython's `random.Random`, as much of it as `random.seed(n); random.shuffle(x)` uses:
//! MT19937 (`rand_mt`'s) seeded by `init_by_array` (Modules/_randommodule.c), `getrandbits`, and
//! `_randbelow` and `shuffle` as Lib/random.py (3.11) writes them.

use rand_mt::Mt;

/// `random.Random(seed)` for a seed in `0..2^64`.
pub(crate) struct PythonRandom {
    /// The MT19937 engine, seeded by `init_by_array` (CPython's `genrand_uint32` draws from it).
    mt: Mt,
}

impl PythonRandom {
    /// `random.seed(seed)`: `init_by_array` with the seed's 32-bit words, least significant
    /// first, without leading zero words but at least one word (the key of 0 is `[0]`).
    pub(crate) fn new(seed: u64) -> Self {
        let (lo, hi) = (seed as u32, (seed >> 32) as u32);
        let key: &[u32] = if hi == 0 { &[lo] } else { &[lo, hi] };
        // rand_mt's first mixing loop runs N = 624 times: CPython's max(N, key length) for a key
        // of one or two words.
        PythonRandom {
            mt: Mt::new_with_key(key.iter().copied()),
        }
    }

    /// `getrandbits(k)` for `k <= 64` (each word CPython's `genrand_uint32`, the next tempered
    /// MT19937 word): one word's top `k` bits, or above 32 bits a full low word
    /// then the high word's top `k - 32` bits.
    pub(crate) fn getrandbits(&mut self, k: u32) -> u64 {
        debug_assert!(k <= 64);
        match k {
            0 => 0,
            1..=32 => u64::from(self.mt.next_u32() >> (32 - k)),
            _ => {
                let lo = u64::from(self.mt.next_u32());
                (u64::from(self.mt.next_u32() >> (64 - k)) << 32) | lo
            }
        }
    }

    /// `_randbelow(n)` for `n > 0`: `getrandbits(n.bit_length())` until it is below `n`.
    pub(crate) fn randbelow(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        let k = u64::BITS - n.leading_zeros();
        loop {
            let r = self.getrandbits(k);
            if r < n {
                return r;
            }
        }
    }

    /// `shuffle(x)`: for `i` from the last index down to 1, swap `x[i]` with
    /// `x[_randbelow(i + 1)]`.
    pub(crate) fn shuffle<T>(&mut self, x: &mut [T]) {
        for i in (1..x.len()).rev() {
            let j = self.randbelow(i as u64 + 1) as usize;
            x.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PythonRandom;

    // `python(code)`: python3's standard output, or None when there is no python3.
    include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/lib/python.rs"));

    const SEEDS: [u64; 6] = [0, 1, 42, 2_147_483_647, (1 << 32) + 5, u64::MAX];
    const BELOW: [u64; 8] = [1, 2, 3, 10, 27, 1000, 1 << 32, (1 << 40) + 3];

    /// For each seed, one line: 5 `getrandbits(32)`, then `getrandbits(k)` for k in 1, 7, 33,
    /// 64 from a fresh generator, then `_randbelow(n)` twice for each `n` of [`BELOW`] from
    /// another, then a shuffle of `range(100)` from another.
    fn ours(seed: u64) -> Vec<u64> {
        let mut out = Vec::new();
        let mut r = PythonRandom::new(seed);
        out.extend((0..5).map(|_| r.getrandbits(32)));
        let mut r = PythonRandom::new(seed);
        out.extend([1, 7, 33, 64].map(|k| r.getrandbits(k)));
        let mut r = PythonRandom::new(seed);
        for n in BELOW {
            out.extend([r.randbelow(n), r.randbelow(n)]);
        }
        let mut x: Vec<u64> = (0..100).collect();
        PythonRandom::new(seed).shuffle(&mut x);
        out.extend(x);
        out
    }

    #[test]
    fn matches_cpython() {
        let code = format!(
            "import random
for s in {SEEDS:?}:
    r = random.Random(s); out = [r.getrandbits(32) for _ in range(5)]
    r = random.Random(s); out += [r.getrandbits(k) for k in (1, 7, 33, 64)]
    r = random.Random(s); out += [r._randbelow(n) for n in {BELOW:?} for _ in range(2)]
    x = list(range(100)); random.Random(s).shuffle(x); out += x
    print(*out)"
        );
        let Some(stdout) = python(&code) else { return };
        let theirs: Vec<Vec<u64>> = stdout
            .lines()
            .map(|line| line.split(' ').map(|x| x.parse().unwrap()).collect())
            .collect();
        assert_eq!(theirs.len(), SEEDS.len());
        for (seed, theirs) in SEEDS.into_iter().zip(theirs) {
            assert_eq!(ours(seed), theirs, "seed {seed}");
        }
    }

    #[test]
    fn first_words_of_cpython_seeds_0_and_42() {
        // random.Random(s).getrandbits(32) three times, from CPython 3.11.
        for (seed, words) in [
            (0, [3_626_764_237, 1_654_615_998, 3_255_389_356]),
            (42, [2_746_317_213, 478_163_327, 107_420_369]),
        ] {
            let mut r = PythonRandom::new(seed);
            assert_eq!(words.map(|_| r.getrandbits(32)), words, "seed {seed}");
        }
        // x = list(range(10)); random.Random(42).shuffle(x)
        let mut x: Vec<u32> = (0..10).collect();
        PythonRandom::new(42).shuffle(&mut x);
        assert_eq!(x, [7, 3, 2, 8, 5, 6, 9, 4, 0, 1]);
    }
}
