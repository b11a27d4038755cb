//! The portable random stream of the bootstrap.
//!
//! * Generator: ChaCha20 (20 rounds, D. J. Bernstein's original layout: 64-bit block counter
//!   from 0, 64-bit stream id 0), as implemented by `rand_chacha::ChaCha20Rng`.
//! * Key: the 64-bit seed as 8 little-endian bytes followed by 24 zero bytes (no hashing or
//!   seed expansion, so any ChaCha20 implementation reproduces it).
//! * Words: the keystream read as little-endian 32-bit words in order; a 64-bit draw is
//!   `lo | hi << 32` of two consecutive words.
//! * Uniform on [0, 1): `(u64 >> 11) × 2⁻⁵³` (exact in binary64).

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};

/// The seeded stream of uniforms.
pub(crate) struct Uniforms(ChaCha20Rng);

impl Uniforms {
    /// The stream of a seed (see the module documentation for the key layout).
    pub(crate) fn new(seed: u64) -> Self {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        Uniforms(ChaCha20Rng::from_seed(key))
    }

    /// The next uniform in [0, 1).
    #[inline]
    pub(crate) fn next(&mut self) -> f64 {
        const SCALE: f64 = 1.0 / (1u64 << 53) as f64;
        (self.0.next_u64() >> 11) as f64 * SCALE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chacha20_keystream_of_the_zero_key_matches_the_published_vector() {
        // ChaCha20 with an all-zero key and nonce, block 0: the first keystream bytes are
        // 76 b8 e0 ad a0 f1 3d 90 (RFC 7539 / draft-agl-tls-chacha20poly1305 test vector 1).
        let mut g = Uniforms::new(0);
        let first = g.0.next_u64();
        assert_eq!(
            first.to_le_bytes(),
            [0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90]
        );
    }

    #[test]
    fn uniforms_are_in_the_unit_interval() {
        let mut g = Uniforms::new(42);
        for _ in 0..10_000 {
            let u = g.next();
            assert!((0.0..1.0).contains(&u));
        }
    }
}
