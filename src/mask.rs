//! Concealing secrets in a stream of bytes as it passes: every occurrence of a secret becomes
//! [`CONCEALED`], whatever the writes it was split across.
//!
//! Guarantees: bytes are passed on as soon as they cannot be part of a secret; only a tail
//! that is the beginning of some secret is held back (so at most the longest secret's length
//! less one byte), until the next bytes or the end of the stream decide it. Occurrences that
//! overlap or touch are concealed together, by one [`CONCEALED`]. Bytes are bytes: binary
//! output that holds no secret passes through unchanged. Secrets shorter than
//! [`SHORTEST_MASKED`] bytes are not concealed: they would replace ordinary text everywhere
//! and hide next to nothing.

use zeroize::Zeroizing;

/// What a secret is replaced with.
pub(crate) const CONCEALED: &[u8] = b"<concealed by tether>";

/// Secrets shorter than this are left as they are (`a`, `1`, `yes` would match all over).
pub(crate) const SHORTEST_MASKED: usize = 4;

/// A masker for one stream.
pub(crate) struct Masker {
    /// The secrets, longest first, without repeats; wiped on drop.
    secrets: Vec<Zeroizing<Vec<u8>>>,
    /// Which bytes start a secret: at any other byte, nothing can begin.
    starts: [bool; 256],
    /// Bytes received but not passed on yet: the start of a possible secret.
    held: Zeroizing<Vec<u8>>,
    /// How many of the held bytes (from the start) are already concealed by an occurrence
    /// that started before them.
    covered: usize,
    /// The last thing passed on was [`CONCEALED`]: a secret that starts right after it is
    /// part of the same stretch.
    joined: bool,
}

impl std::fmt::Debug for Masker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Masker")
            .field("secrets", &self.secrets.len())
            .finish_non_exhaustive()
    }
}

impl Masker {
    /// A masker for `secrets`; those shorter than [`SHORTEST_MASKED`] are left out.
    #[must_use]
    pub(crate) fn new<'a>(secrets: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let mut kept: Vec<Zeroizing<Vec<u8>>> = Vec::new();
        for secret in secrets {
            if secret.len() >= SHORTEST_MASKED && !kept.iter().any(|k| k.as_slice() == secret) {
                kept.push(Zeroizing::new(secret.to_vec()));
            }
        }
        kept.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let mut starts = [false; 256];
        for secret in &kept {
            starts[usize::from(secret[0])] = true;
        }
        Self {
            starts,
            secrets: kept,
            held: Zeroizing::new(Vec::new()),
            covered: 0,
            joined: false,
        }
    }

    /// Takes the next bytes of the stream; returns what can be passed on now.
    pub(crate) fn push(&mut self, bytes: &[u8]) -> Vec<u8> {
        let needed = self.held.len() + bytes.len();
        if needed > self.held.capacity() {
            // Grown by hand: a reallocation would leave the held bytes, perhaps the beginning
            // of a secret, in freed memory; the old buffer is wiped as it is dropped.
            let mut grown =
                Zeroizing::new(Vec::with_capacity(needed.max(2 * self.held.capacity())));
            grown.extend_from_slice(&self.held);
            self.held = grown;
        }
        self.held.extend_from_slice(bytes);
        self.drain(false)
    }

    /// The end of the stream: returns everything still held, concealed where it must be.
    pub(crate) fn finish(&mut self) -> Vec<u8> {
        self.drain(true)
    }

    /// Passes on every held byte whose fate is known. At each position, the longest secret
    /// that starts there extends the concealed stretch; a tail that is the beginning of a
    /// longer secret waits for more bytes (unless the stream ended).
    fn drain(&mut self, end: bool) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.held.len());
        let mut at = 0;
        while at < self.held.len() {
            let byte = self.held[at];
            // Most bytes start no secret: one look-up decides them.
            if self.starts[usize::from(byte)] {
                let rest = &self.held[at..];
                // Longest first, so the first full match is the longest one.
                let full = self
                    .secrets
                    .iter()
                    .find(|s| rest.starts_with(s))
                    .map(|s| s.len());
                let undecided = !end
                    && self
                        .secrets
                        .iter()
                        .any(|s| s.len() > rest.len() && s.starts_with(rest));
                if undecided {
                    break;
                }
                if let Some(len) = full {
                    if !self.joined {
                        out.extend_from_slice(CONCEALED);
                        self.joined = true;
                    }
                    self.covered = self.covered.max(len);
                }
            }
            if self.covered == 0 {
                out.push(byte);
                self.joined = false;
            } else {
                self.covered -= 1;
            }
            at += 1;
        }
        self.held.drain(..at);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const C: &str = "<concealed by tether>";

    fn masker(secrets: &[&str]) -> Masker {
        Masker::new(secrets.iter().map(|s| s.as_bytes()))
    }

    /// The whole output for `input` given in the pieces `cuts` separate.
    fn run(m: &mut Masker, input: &[u8], cuts: &[usize]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut from = 0;
        for &cut in cuts.iter().chain(std::iter::once(&input.len())) {
            out.extend(m.push(&input[from..cut]));
            from = cut;
        }
        out.extend(m.finish());
        out
    }

    fn masked(secrets: &[&str], input: &str) -> String {
        String::from_utf8(run(&mut masker(secrets), input.as_bytes(), &[])).unwrap()
    }

    #[test]
    fn a_secret_split_at_every_position_is_concealed() {
        let input = b"before s3cr3t-value after";
        let expected = format!("before {C} after");
        for cut in 0..=input.len() {
            let out = run(&mut masker(&["s3cr3t-value"]), input, &[cut]);
            assert_eq!(String::from_utf8(out).unwrap(), expected, "cut at {cut}");
        }
        // One byte per write.
        let cuts: Vec<usize> = (1..input.len()).collect();
        let out = run(&mut masker(&["s3cr3t-value"]), input, &cuts);
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn only_a_possible_beginning_is_held_back() {
        let mut m = masker(&["s3cr3t-value"]);
        assert_eq!(m.push(b"abc s3c"), b"abc ");
        assert_eq!(m.push(b"r3t-val"), b"");
        // Then other bytes: the held prefix was not a secret after all.
        assert_eq!(m.push(b"ue"), C.as_bytes());
        assert_eq!(m.push(b"s3cr3t-vaX!"), b"s3cr3t-vaX!");
        assert_eq!(m.push(b"ss3"), b"s");
        assert_eq!(m.finish(), b"s3");
    }

    #[test]
    fn a_prefix_followed_by_other_bytes_passes_unchanged() {
        assert_eq!(masked(&["abcdef"], "abcdeX abcd"), "abcdeX abcd");
        // A prefix that itself contains the start of the secret.
        assert_eq!(masked(&["aabb"], "aaabb"), format!("a{C}"));
        assert_eq!(masked(&["aaab"], "aaaab"), format!("a{C}"));
    }

    #[test]
    fn overlapping_and_adjacent_secrets_are_concealed_together() {
        assert_eq!(
            masked(&["abcdef", "defghi"], "xabcdefghiy"),
            format!("x{C}y")
        );
        assert_eq!(masked(&["abcd", "abcdefgh"], "abcdefgh"), C);
        assert_eq!(masked(&["abcd", "abcdefgh"], "abcdefg"), format!("{C}efg"));
        assert_eq!(
            masked(&["cdef", "abcdefgh"], "abcdefgh abcdef"),
            format!("{C} ab{C}")
        );
        assert_eq!(masked(&["abcd"], "abcdabcd"), C);
        assert_eq!(masked(&["abcd"], "abcd abcd"), format!("{C} {C}"));
    }

    #[test]
    fn binary_bytes_pass_through_byte_exact() {
        let secret = "k3y-\u{e9}";
        let mut input: Vec<u8> = (0..=255u8).collect();
        input.extend_from_slice(&[0xff, 0xfe, 0, 0x80]);
        let cuts: Vec<usize> = (1..input.len()).step_by(7).collect();
        assert_eq!(run(&mut masker(&[secret]), &input, &cuts), input);
        // A secret among binary bytes.
        let mut with = input.clone();
        with.extend_from_slice(secret.as_bytes());
        with.push(0);
        let mut expected = input.clone();
        expected.extend_from_slice(CONCEALED);
        expected.push(0);
        assert_eq!(run(&mut masker(&[secret]), &with, &cuts), expected);
    }

    #[test]
    fn a_secret_at_the_end_of_the_stream() {
        let mut m = masker(&["tail-secret"]);
        assert_eq!(m.push(b"x tail-secr"), b"x ");
        assert_eq!(m.push(b"et"), C.as_bytes());
        assert_eq!(m.finish(), b"");
        // Held back when a longer secret could still follow, decided by the end.
        let mut m = masker(&["tail", "tail-secret"]);
        assert_eq!(m.push(b"x tail"), b"x ");
        assert_eq!(m.finish(), C.as_bytes());
    }

    #[test]
    fn short_and_repeated_secrets() {
        let m = masker(&["", "a", "abc", "abcd", "abcd"]);
        assert_eq!(m.secrets.len(), 1);
        assert!(masker(&["no"]).secrets.is_empty());
        assert_eq!(masked(&["abc"], "abc"), "abc");
        assert_eq!(format!("{m:?}"), "Masker { secrets: 1, .. }");
    }
}
