//! The prime-implicant chart and its exact solution: all covers of minimum size.

/// A fixed-size bit set over `u64` words.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Bits(pub Vec<u64>);

impl Bits {
    pub fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }
    pub fn full(n: usize) -> Bits {
        let mut b = Bits::new(n);
        for i in 0..n {
            b.set(i);
        }
        b
    }
    #[inline]
    pub fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }
    #[inline]
    pub fn clear(&mut self, i: usize) {
        self.0[i / 64] &= !(1 << (i % 64));
    }
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }
    pub fn and_count(&self, o: &Bits) -> usize {
        self.0
            .iter()
            .zip(&o.0)
            .map(|(a, b)| (a & b).count_ones() as usize)
            .sum()
    }
    pub fn intersects(&self, o: &Bits) -> bool {
        self.0.iter().zip(&o.0).any(|(a, b)| a & b != 0)
    }
    pub fn and_not(&self, o: &Bits) -> Bits {
        Bits(self.0.iter().zip(&o.0).map(|(a, b)| a & !b).collect())
    }
    pub fn and(&self, o: &Bits) -> Bits {
        Bits(self.0.iter().zip(&o.0).map(|(a, b)| a & b).collect())
    }
    pub fn or_assign(&mut self, o: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&o.0) {
            *a |= b;
        }
    }
    pub fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &word)| {
            let mut x = word;
            std::iter::from_fn(move || {
                if x == 0 {
                    None
                } else {
                    let t = x.trailing_zeros() as usize;
                    x &= x - 1;
                    Some(w * 64 + t)
                }
            })
        })
    }
}

/// Node limit of the branch and bound (the search stops, flagged `truncated`, beyond it).
pub(crate) const MAX_NODES: u64 = 20_000_000;

/// Result of solving a chart.
pub(crate) struct ChartSolution {
    /// Every minimum cover, each as ascending implicant indices, in lexicographic order (R's
    /// order of enumerating combinations).
    pub covers: Vec<Vec<usize>>,
    /// The enumeration stopped at the solution or node limit.
    pub truncated: bool,
}

struct Search<'a> {
    cover: &'a [Bits],
    col_pis: Vec<Bits>,
    k: usize,
    found: Vec<Vec<usize>>,
    max_solutions: usize,
    nodes: u64,
    max_nodes: u64,
    truncated: bool,
}

impl Search<'_> {
    fn lower_bound(&self, uncovered: &Bits, avail: &Bits) -> usize {
        // columns pairwise sharing no available implicant each need their own implicant
        let mut used = Bits::new(self.cover.len());
        let mut lb = 0;
        for c in uncovered.ones() {
            let s = self.col_pis[c].and(avail);
            if !s.intersects(&used) {
                lb += 1;
                used.or_assign(&s);
            }
        }
        lb
    }

    fn run(&mut self, uncovered: &Bits, avail: &mut Bits, chosen: &mut Vec<usize>) {
        if self.truncated {
            return;
        }
        self.nodes += 1;
        if self.nodes > self.max_nodes {
            self.truncated = true;
            return;
        }
        if uncovered.is_empty() {
            let mut s = chosen.clone();
            s.sort_unstable();
            self.found.push(s);
            if self.found.len() >= self.max_solutions {
                self.truncated = true;
            }
            return;
        }
        if chosen.len() >= self.k {
            return;
        }
        // branch on the uncovered column with the fewest available implicants
        let mut best: Option<(usize, usize)> = None;
        for c in uncovered.ones() {
            let cnt = self.col_pis[c].and_count(avail);
            if cnt == 0 {
                return;
            }
            if best.is_none_or(|(_, b)| cnt < b) {
                best = Some((c, cnt));
            }
        }
        if chosen.len() + self.lower_bound(uncovered, avail) > self.k {
            return;
        }
        let Some((col, _)) = best else { return };
        let options: Vec<usize> = self.col_pis[col].and(avail).ones().collect();
        let mut removed = Vec::new();
        for p in options {
            let next = uncovered.and_not(&self.cover[p]);
            avail.clear(p);
            removed.push(p);
            chosen.push(p);
            self.run(&next, avail, chosen);
            chosen.pop();
            if self.truncated {
                break;
            }
        }
        for p in removed {
            avail.set(p);
        }
    }
}

/// All minimum-size covers of `ncols` columns by the implicants' coverage sets (exact set cover
/// by branch and bound, iterative deepening on the size; each cover found once: after branching
/// on an implicant for a column it is excluded from the later branches of that column).
pub(crate) fn solve(cover: &[Bits], ncols: usize, max_solutions: usize) -> ChartSolution {
    let npis = cover.len();
    let mut col_pis = vec![Bits::new(npis); ncols];
    for (p, b) in cover.iter().enumerate() {
        for c in b.ones() {
            if c < ncols {
                col_pis[c].set(p);
            }
        }
    }
    if col_pis.iter().any(|b| b.is_empty()) || npis == 0 {
        return ChartSolution {
            covers: Vec::new(),
            truncated: false,
        };
    }
    let all = Bits::full(ncols);
    let mut search = Search {
        cover,
        col_pis,
        k: 0,
        found: Vec::new(),
        max_solutions: max_solutions.max(1),
        nodes: 0,
        max_nodes: MAX_NODES,
        truncated: false,
    };
    let mut avail = Bits::full(npis);
    let start = search.lower_bound(&all, &avail).max(1);
    for k in start..=npis {
        search.k = k;
        let mut chosen = Vec::new();
        search.run(&all, &mut avail, &mut chosen);
        if !search.found.is_empty() || search.truncated {
            break;
        }
    }
    let mut covers = search.found;
    covers.sort();
    covers.dedup();
    ChartSolution {
        covers,
        truncated: search.truncated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(n: usize, ones: &[usize]) -> Bits {
        let mut b = Bits::new(n);
        for &i in ones {
            b.set(i);
        }
        b
    }

    #[test]
    fn cvf_chart_has_four_minimum_covers() {
        // PI chart printed in QCA 3.23's minimize docs (Cebotari & Vink data), columns
        // 5 15 16 24 27 29 30 31 32
        let chart = [
            bits(9, &[0, 1, 4, 5, 7]), // ~NATPRIDE
            bits(9, &[1, 2]),          // ~DEMOC*ETHFRACT*POLDIS
            bits(9, &[5, 6, 7, 8]),    // DEMOC*ETHFRACT*GEOCON
            bits(9, &[5, 6]),          // DEMOC*ETHFRACT*~POLDIS
            bits(9, &[3, 7, 8]),       // DEMOC*GEOCON*POLDIS
            bits(9, &[1, 2, 7, 8]),    // ETHFRACT*GEOCON*POLDIS
        ];
        let s = solve(&chart, 9, 1000);
        assert_eq!(
            s.covers,
            vec![
                vec![0, 1, 2, 4],
                vec![0, 1, 3, 4],
                vec![0, 2, 4, 5],
                vec![0, 3, 4, 5]
            ]
        );
        assert!(!s.truncated);
    }
}
