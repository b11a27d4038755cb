//! Prime implicants: packed implicants, Quine–McCluskey, the dense don't-care search, R's order.

use std::collections::{HashMap, HashSet};

use super::error::{qpath, QcaError};

/// An implicant packed in nibbles: condition `j` occupies bits `4j..4j+4` holding 0 (absent) or
/// `value + 1` (R's implicant coding). `care` has `0xF` in every specified nibble.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Imp {
    pub bits: u128,
    pub care: u128,
}

#[inline]
fn nib(j: usize) -> u128 {
    0xFu128 << (4 * j)
}

impl Imp {
    /// A minterm from a configuration.
    pub fn minterm(values: &[u8]) -> Imp {
        let mut bits = 0u128;
        let mut care = 0u128;
        for (j, &v) in values.iter().enumerate() {
            bits |= u128::from(v + 1) << (4 * j);
            care |= nib(j);
        }
        Imp { bits, care }
    }

    /// From R coding (0 absent, v + 1).
    #[cfg(test)]
    pub fn from_coded(coded: &[u8]) -> Imp {
        let mut bits = 0u128;
        let mut care = 0u128;
        for (j, &c) in coded.iter().enumerate() {
            if c > 0 {
                bits |= u128::from(c) << (4 * j);
                care |= nib(j);
            }
        }
        Imp { bits, care }
    }

    /// R coding of the first `k` conditions.
    pub fn coded(&self, k: usize) -> Vec<u8> {
        (0..k)
            .map(|j| ((self.bits >> (4 * j)) & 0xF) as u8)
            .collect()
    }

    /// Whether the implicant covers a minterm (packed with [`Imp::minterm`]).
    #[inline]
    pub fn covers(&self, minterm_bits: u128) -> bool {
        (minterm_bits ^ self.bits) & self.care == 0
    }
}

/// Classic Quine–McCluskey on a set of minterms, multi-value aware (Dusa & Thiem 2015): implicants
/// that agree everywhere except on condition `j`, and together hold every category of `j`, merge
/// into one with `j` absent. Returns every prime implicant of the set.
pub(crate) fn qmc(minterms: &[Imp], levels: &[u8]) -> Vec<Imp> {
    let k = levels.len();
    let mut current: Vec<Imp> = minterms.to_vec();
    current.sort_unstable();
    current.dedup();
    let mut primes = Vec::new();
    while !current.is_empty() {
        let mut groups: HashMap<(u128, u128, u8), u16> = HashMap::new();
        for imp in &current {
            for j in 0..k {
                if imp.care & nib(j) == 0 {
                    continue;
                }
                let v = ((imp.bits >> (4 * j)) & 0xF) as u16 - 1;
                *groups
                    .entry((imp.bits & !nib(j), imp.care, j as u8))
                    .or_insert(0) |= 1 << v;
            }
        }
        let mut next: HashSet<Imp> = HashSet::new();
        let full = |j: usize| -> u16 { ((1u32 << levels[j]) - 1) as u16 };
        for (&(bits, care, j), &mask) in &groups {
            if mask == full(j as usize) {
                next.insert(Imp {
                    bits,
                    care: care & !nib(j as usize),
                });
            }
        }
        for imp in &current {
            let mut merged = false;
            for j in 0..k {
                if imp.care & nib(j) == 0 {
                    continue;
                }
                if groups.get(&(imp.bits & !nib(j), imp.care, j as u8)) == Some(&full(j)) {
                    merged = true;
                    break;
                }
            }
            if !merged {
                primes.push(*imp);
            }
        }
        current = next.into_iter().collect();
        current.sort_unstable();
    }
    primes.sort_unstable();
    primes.dedup();
    primes
}

/// Largest implicant space `Π (levels + 1)` the dense search accepts (one byte per implicant).
pub const DENSE_LIMIT: u64 = 1 << 27;

/// All prime implicants of the positive rows with every configuration that is neither positive
/// nor negative as a don't-care (the parsimonious search), by dynamic programming over the whole
/// implicant space: an implicant covers a negative (or an explained positive) row iff one of its
/// children (one absent condition set to each category) does; it is prime iff it covers an
/// explained row, no negative row, and every one-literal generalisation covers a negative row.
///
/// `negative[r]` / `positive[r]` are indexed by 0-based row number. Returns `AllMinimised` if the
/// empty implicant qualifies (no negative rows).
pub(crate) fn primes_dense(
    levels: &[u8],
    negative: &[bool],
    positive: &[bool],
) -> Result<Vec<Imp>, QcaError> {
    let k = levels.len();
    let radix: Vec<u64> = levels.iter().map(|&l| u64::from(l) + 1).collect();
    let mut size: u64 = 1;
    for &r in &radix {
        size = size.saturating_mul(r);
    }
    if size > DENSE_LIMIT {
        return Err(QcaError::TooLarge {
            path: qpath!["conditions"],
            what: "the implicant space Π(levels + 1) of the parsimonious search".into(),
            size,
            limit: DENSE_LIMIT,
        });
    }
    let n = size as usize;
    let mut dbase = vec![1usize; k];
    for j in (0..k.saturating_sub(1)).rev() {
        dbase[j] = dbase[j + 1] * radix[j + 1] as usize;
    }
    // bit 0: covers a negative row; bit 1: covers an explained row; bit 2: not prime
    let mut f = vec![0u8; n];
    let nrows = negative.len();
    let mut digits = vec![0u8; k];
    for r in 0..nrows {
        let mut idx = 0usize;
        for j in 0..k {
            idx += digits[j] as usize * dbase[j];
        }
        f[idx] = u8::from(negative[r]) | (u8::from(positive[r]) << 1);
        // odometer over configurations (last condition fastest, as R's row numbers)
        for j in (0..k).rev() {
            digits[j] += 1;
            if digits[j] < levels[j] {
                break;
            }
            digits[j] = 0;
        }
    }
    // sweeps: the absent state of condition j is the OR of its categories
    for j in 0..k {
        let step = dbase[j];
        let l = levels[j] as usize;
        let block = step * (l + 1);
        let mut start = 0;
        while start < n {
            let dc = start + l * step;
            for v in 0..l {
                let (lo, hi) = f.split_at_mut(dc);
                let src = &lo[start + v * step..start + (v + 1) * step];
                for (d, s) in hi[..step].iter_mut().zip(src) {
                    *d |= *s & 3;
                }
            }
            start += block;
        }
    }
    if f[n - 1] & 3 == 2 {
        return Err(QcaError::AllMinimised);
    }
    // a one-literal generalisation free of negatives makes the implicant non-prime
    for j in 0..k {
        let step = dbase[j];
        let l = levels[j] as usize;
        let block = step * (l + 1);
        let mut start = 0;
        while start < n {
            let dc = start + l * step;
            for v in 0..l {
                let (lo, hi) = f.split_at_mut(dc);
                let dst = &mut lo[start + v * step..start + (v + 1) * step];
                for (d, s) in dst.iter_mut().zip(&hi[..step]) {
                    *d |= ((!*s) & 1) << 2;
                }
            }
            start += block;
        }
    }
    let mut primes = Vec::new();
    for (idx, &flag) in f.iter().enumerate() {
        if flag & 7 != 2 {
            continue;
        }
        let mut rest = idx;
        let mut bits = 0u128;
        let mut care = 0u128;
        for j in (0..k).rev() {
            let d = (rest % radix[j] as usize) as u8;
            rest /= radix[j] as usize;
            if d < levels[j] {
                bits |= u128::from(d + 1) << (4 * j);
                care |= nib(j);
            }
        }
        primes.push(Imp { bits, care });
    }
    Ok(primes)
}

/// The order in which R QCA lists prime implicants (C functions `sort_matrix` / `sort_cols`):
/// for each condition from the last to the first, a stable sort putting specified categories
/// first in increasing order and absent ones last, then a stable sort by the number of literals.
/// R's loop leaves the last implicant out of the ascending pass when no implicant has the
/// condition absent; that quirk is reproduced so that the printed order matches R.
pub(crate) fn r_order(coded: &[Vec<u8>], k: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..coded.len()).collect();
    for i in (0..k).rev() {
        order.sort_by(|&a, &b| coded[b][i].cmp(&coded[a][i]));
        let mut zeroidx = 0usize;
        let mut nonzero = true;
        while zeroidx < order.len() && nonzero {
            nonzero = coded[order[zeroidx]][i] != 0;
            zeroidx += 1;
        }
        let zeroidx = zeroidx.saturating_sub(1);
        order[..zeroidx].sort_by(|&a, &b| coded[a][i].cmp(&coded[b][i]));
    }
    let ck = |a: usize| coded[a].iter().filter(|&&c| c != 0).count();
    order.sort_by_key(|&a| ck(a));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute_primes(levels: &[u8], neg: &[bool], pos: &[bool]) -> Vec<Imp> {
        // every implicant; valid = covers a positive and no negative; prime = no valid parent
        let k = levels.len();
        let total: usize = levels.iter().map(|&l| l as usize + 1).product();
        let rows: usize = levels.iter().map(|&l| l as usize).product();
        let minterms: Vec<(u128, usize)> = (0..rows)
            .map(|r| {
                let vals = super::super::truth_table::decode(levels, r as u64 + 1);
                (Imp::minterm(&vals).bits, r)
            })
            .collect();
        let mut valid = HashSet::new();
        for idx in 0..total {
            let mut rest = idx;
            let mut coded = vec![0u8; k];
            for j in (0..k).rev() {
                let r = levels[j] as usize + 1;
                coded[j] = (rest % r) as u8;
                rest /= r;
            }
            let imp = Imp::from_coded(&coded);
            let mut p = false;
            let mut ng = false;
            for &(b, r) in &minterms {
                if imp.covers(b) {
                    p |= pos[r];
                    ng |= neg[r];
                }
            }
            if p && !ng {
                valid.insert(imp);
            }
        }
        let mut out: Vec<Imp> = valid
            .iter()
            .filter(|imp| {
                (0..k).all(|j| {
                    imp.care & nib(j) == 0
                        || !valid.contains(&Imp {
                            bits: imp.bits & !nib(j),
                            care: imp.care & !nib(j),
                        })
                })
            })
            .copied()
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn dense_matches_brute_force_on_mixed_levels() {
        let levels = [2u8, 3, 2];
        let rows = 12;
        let mut seed = 7u64;
        for _ in 0..200 {
            let mut neg = vec![false; rows];
            let mut pos = vec![false; rows];
            for r in 0..rows {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                match seed >> 62 {
                    0 => neg[r] = true,
                    1 => pos[r] = true,
                    _ => {}
                }
            }
            if !pos.iter().any(|&b| b) || !neg.iter().any(|&b| b) {
                continue;
            }
            let mut d = primes_dense(&levels, &neg, &pos).unwrap();
            d.sort_unstable();
            assert_eq!(d, brute_primes(&levels, &neg, &pos));
        }
    }

    #[test]
    fn qmc_equals_dense_without_remainders() {
        // with every non-positive row negative, both searches give the same primes
        let levels = [2u8, 2, 3];
        let rows = 12;
        let mut seed = 11u64;
        for _ in 0..200 {
            let mut pos = vec![false; rows];
            for p in pos.iter_mut() {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                *p = seed >> 63 == 1;
            }
            if pos.iter().all(|&b| b) || !pos.iter().any(|&b| b) {
                continue;
            }
            let neg: Vec<bool> = pos.iter().map(|b| !b).collect();
            let mins: Vec<Imp> = (0..rows)
                .filter(|&r| pos[r])
                .map(|r| Imp::minterm(&super::super::truth_table::decode(&levels, r as u64 + 1)))
                .collect();
            let q = qmc(&mins, &levels);
            let mut d = primes_dense(&levels, &neg, &pos).unwrap();
            d.sort_unstable();
            assert_eq!(q, d);
        }
    }

    #[test]
    fn r_order_reproduces_published_lipset_order() {
        // LF conservative (QCA 3.23 docs, minimize): DEV*URB*LIT*IND*STB before DEV*~URB*LIT*~IND*STB
        let a = vec![2u8, 2, 2, 2, 2];
        let b = vec![2u8, 1, 2, 1, 2];
        assert_eq!(r_order(&[b.clone(), a.clone()], 5), vec![1, 0]);
        assert_eq!(r_order(&[a, b], 5), vec![0, 1]);
        // LC conservative: DEV*~URB*LIT*STB before DEV*LIT*IND*STB
        let c = vec![2u8, 1, 2, 0, 2];
        let d = vec![2u8, 0, 2, 2, 2];
        assert_eq!(r_order(&[d, c], 5), vec![1, 0]);
    }
}
