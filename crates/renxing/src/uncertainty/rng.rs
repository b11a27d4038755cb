//! The portable random streams of uncertainty and sensitivity analysis.
//!
//! * Generator: ChaCha20 (20 rounds, Bernstein's original layout: 64-bit block counter from 0,
//!   64-bit stream id 0), as implemented by `rand_chacha::ChaCha20Rng`.
//! * Key (32 bytes): the seed (u64, little-endian), the domain (u64, little-endian), the block
//!   index (u64, little-endian), then 8 zero bytes. No hashing: any ChaCha20 implementation
//!   reproduces a stream from (seed, domain, block). Domains: 1 = uncertainty runs, 2 = the
//!   Saltelli rows (matrices A and B), 3 = bootstrap resamples.
//! * Words: the keystream read as little-endian 32-bit words in order; a 64-bit draw is
//!   `lo | hi << 32` of two consecutive words.
//! * Uniform on [0, 1): `(u64 >> 11) × 2⁻⁵³` (exact in binary64).
//! * A choice among k: `min(⌊u k⌋, k − 1)`.
//! * Standard normal: Box–Muller's cosine branch, `√(−2 ln(1 − u₁)) cos(2π u₂)` (two uniforms
//!   per normal, the sine branch unused), with `libm`.
//! * Gamma(α, 1): Marsaglia & Tsang (2000), "A simple method for generating gamma variables",
//!   ACM TOMS 26(3): d = α − 1/3, c = 1/√(9d); repeat z normal, v = (1 + cz)³ until v > 0 and
//!   ln u < z²/2 + d − dv + d ln v (u uniform, `libm::log`); return dv. For α < 1:
//!   Gamma(α + 1) × u^{1/α} (`libm::pow`), u drawn after the Gamma(α + 1) variate.
//! * Dirichlet(α₁..α_k): independent Gamma(α_j) in order, divided by their sum (α_j = 0 gives 0).

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};

/// Domain of the uncertainty runs.
pub(crate) const DOMAIN_RUNS: u64 = 1;
/// Domain of the Saltelli rows.
pub(crate) const DOMAIN_SALTELLI: u64 = 2;
/// Domain of the bootstrap resamples.
pub(crate) const DOMAIN_BOOTSTRAP: u64 = 3;

/// Rows (runs, Saltelli rows, bootstrap resamples) per block: each block has its own stream,
/// so blocks can be computed in any order, on any thread or machine.
pub const BLOCK_ROWS: usize = 256;

/// A seeded stream of draws (see the module documentation for the exact layout).
pub(crate) struct Stream(ChaCha20Rng);

impl Stream {
    /// The stream of (seed, domain, block).
    pub(crate) fn new(seed: u64, domain: u64, block: u64) -> Self {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        key[8..16].copy_from_slice(&domain.to_le_bytes());
        key[16..24].copy_from_slice(&block.to_le_bytes());
        Stream(ChaCha20Rng::from_seed(key))
    }

    /// The next raw 64-bit draw.
    #[cfg(test)]
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// The next uniform in [0, 1).
    #[inline]
    pub(crate) fn uniform(&mut self) -> f64 {
        const SCALE: f64 = 1.0 / (1u64 << 53) as f64;
        (self.0.next_u64() >> 11) as f64 * SCALE
    }

    /// An index in 0..k (k ≥ 1).
    #[inline]
    pub(crate) fn choice(&mut self, k: usize) -> usize {
        let i = (self.uniform() * k as f64) as usize;
        i.min(k.saturating_sub(1))
    }

    /// A standard normal (Box–Muller, cosine branch).
    pub(crate) fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform(); // (0, 1]
        let u2 = self.uniform();
        (-2.0 * libm::log(u1)).sqrt() * libm::cos(2.0 * std::f64::consts::PI * u2)
    }

    /// A Gamma(α, 1) variate (Marsaglia & Tsang 2000); α > 0.
    pub(crate) fn gamma(&mut self, alpha: f64) -> f64 {
        if alpha < 1.0 {
            let g = self.gamma(alpha + 1.0);
            let u = self.uniform();
            return g * libm::pow(u, 1.0 / alpha);
        }
        let d = alpha - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let z = self.normal();
            let t = 1.0 + c * z;
            if t <= 0.0 {
                continue;
            }
            let v = t * t * t;
            let u = self.uniform();
            if u > 0.0 && libm::log(u) < 0.5 * z * z + d - d * v + d * libm::log(v) {
                return d * v;
            }
        }
    }

    /// A Dirichlet draw with parameters `alpha` (each ≥ 0, some > 0).
    pub(crate) fn dirichlet(&mut self, alpha: &[f64]) -> Vec<f64> {
        let mut g: Vec<f64> = alpha
            .iter()
            .map(|&a| if a > 0.0 { self.gamma(a) } else { 0.0 })
            .collect();
        let s: f64 = g.iter().sum();
        if s > 0.0 {
            for v in &mut g {
                *v /= s;
            }
        }
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chacha20_keystream_of_the_zero_key_matches_the_published_vector() {
        // ChaCha20, all-zero key and nonce, block 0: keystream 76 b8 e0 ad a0 f1 3d 90 …
        // (RFC 7539 §2.3.2 / draft-agl-tls-chacha20poly1305 test vector 1).
        let mut g = Stream::new(0, 0, 0);
        assert_eq!(
            g.next_u64().to_le_bytes(),
            [0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90]
        );
    }

    #[test]
    fn streams_differ_by_domain_and_block() {
        let a = Stream::new(7, 1, 0).next_u64();
        let b = Stream::new(7, 1, 1).next_u64();
        let c = Stream::new(7, 2, 0).next_u64();
        assert!(a != b && a != c && b != c);
        assert_eq!(a, Stream::new(7, 1, 0).next_u64());
    }

    #[test]
    fn gamma_and_normal_moments() {
        let mut g = Stream::new(1, 9, 0);
        let n = 200_000;
        for alpha in [0.3, 1.0, 2.5, 40.0] {
            let xs: Vec<f64> = (0..n).map(|_| g.gamma(alpha)).collect();
            let m = xs.iter().sum::<f64>() / n as f64;
            let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64;
            // Gamma(α, 1): mean α, variance α; 5 standard errors.
            assert!(
                (m - alpha).abs() < 5.0 * (alpha / n as f64).sqrt(),
                "{alpha} {m}"
            );
            assert!((v / alpha - 1.0).abs() < 0.05, "{alpha} {v}");
        }
        let zs: Vec<f64> = (0..n).map(|_| g.normal()).collect();
        let m = zs.iter().sum::<f64>() / n as f64;
        let v = zs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64;
        assert!(m.abs() < 0.015 && (v - 1.0).abs() < 0.02);
    }

    #[test]
    fn dirichlet_means_are_the_normalised_parameters() {
        let mut g = Stream::new(3, 9, 0);
        let alpha = [2.0, 6.0, 12.0, 0.0];
        let n = 50_000;
        let mut sum = [0.0; 4];
        for _ in 0..n {
            let d = g.dirichlet(&alpha);
            assert!((d.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            assert_eq!(d[3], 0.0);
            for k in 0..4 {
                sum[k] += d[k];
            }
        }
        for k in 0..3 {
            assert!((sum[k] / n as f64 - alpha[k] / 20.0).abs() < 0.003);
        }
    }
}
