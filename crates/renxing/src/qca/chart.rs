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

/// Node limit of each branch and bound (the search stops, flagged `truncated`, beyond it).
pub(crate) const MAX_NODES: u64 = 20_000_000;

/// Result of solving a chart.
pub(crate) struct ChartSolution {
    /// Every minimum cover, each as ascending implicant indices, in lexicographic order (R's
    /// order of enumerating combinations).
    pub covers: Vec<Vec<usize>>,
    /// The enumeration stopped at the solution or node limit.
    pub truncated: bool,
}

impl Bits {
    #[inline]
    fn get(&self, i: usize) -> bool {
        self.0[i / 64] >> (i % 64) & 1 == 1
    }
    fn count(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
    fn is_subset(&self, o: &Bits) -> bool {
        self.0.iter().zip(&o.0).all(|(a, b)| a & !b == 0)
    }
}

/// Lower bound on the number of implicants still needed: columns pairwise sharing no available
/// implicant each need their own (a greedy independent set, columns with few implicants first).
fn lower_bound(col_pis: &[Bits], npis: usize, uncovered: &Bits, avail: &Bits) -> usize {
    let mut cols: Vec<(usize, Bits)> = uncovered
        .ones()
        .map(|c| {
            let s = col_pis[c].and(avail);
            (s.count(), s)
        })
        .collect();
    cols.sort_by_key(|(n, _)| *n);
    let mut used = Bits::new(npis);
    let mut lb = 0;
    for (_, s) in &cols {
        if !s.intersects(&used) {
            lb += 1;
            used.or_assign(s);
        }
    }
    lb
}

/// The minimum cover size of one part of the chart (a branch and bound on the cyclic core:
/// essential implicants, implicant dominance and column dominance at every node). Implicant
/// dominance may drop alternative covers, so this search only sizes them.
struct MinSearch<'a> {
    cover: &'a [Bits],
    col_pis: &'a [Bits],
    best: usize,
    nodes: u64,
    aborted: bool,
}

impl MinSearch<'_> {
    fn run(&mut self, mut cols: Bits, mut pis: Bits, mut depth: usize) {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            self.aborted = true;
        }
        if self.aborted {
            return;
        }
        let npis = self.cover.len();
        loop {
            let mut changed = false;
            // essential implicants: a column left with one implicant
            let list: Vec<usize> = cols.ones().collect();
            for c in list {
                if !cols.get(c) {
                    continue;
                }
                let s = self.col_pis[c].and(&pis);
                match s.count() {
                    0 => return,
                    1 => {
                        let Some(p) = s.ones().next() else { return };
                        depth += 1;
                        cols = cols.and_not(&self.cover[p]);
                        pis.clear(p);
                        changed = true;
                    }
                    _ => {}
                }
            }
            if depth >= self.best {
                return;
            }
            if cols.is_empty() {
                self.best = depth;
                return;
            }
            // implicant dominance (ties: the later one goes); a dominating implicant covers the
            // first column of the dominated one
            for p in pis.ones().collect::<Vec<_>>() {
                let rp = self.cover[p].and(&cols);
                let Some(c0) = rp.ones().next() else {
                    pis.clear(p);
                    changed = true;
                    continue;
                };
                let np = rp.count();
                let dominated = self.col_pis[c0].and(&pis).ones().any(|q| {
                    q != p
                        && rp.is_subset(&self.cover[q])
                        && (q < p || self.cover[q].and_count(&cols) > np)
                });
                if dominated {
                    pis.clear(p);
                    changed = true;
                }
            }
            if drop_implied_columns(self.col_pis, &mut cols, &pis) {
                changed = true;
            }
            if !changed {
                break;
            }
        }
        if depth + lower_bound(self.col_pis, npis, &cols, &pis) >= self.best {
            return;
        }
        // branch on the column with the fewest implicants, larger implicants first
        let Some(col) = cols
            .ones()
            .min_by_key(|&c| (self.col_pis[c].and_count(&pis), c))
        else {
            return;
        };
        let mut options: Vec<(usize, usize)> = self.col_pis[col]
            .and(&pis)
            .ones()
            .map(|p| (usize::MAX - self.cover[p].and_count(&cols), p))
            .collect();
        options.sort_unstable();
        for (_, p) in options {
            let mut rest = pis.clone();
            rest.clear(p);
            self.run(cols.and_not(&self.cover[p]), rest, depth + 1);
            pis.clear(p);
            if self.aborted {
                return;
            }
        }
    }
}

/// Drops every column whose available implicants include another column's (covering the other
/// covers it; of equal columns the later goes). A dominating column's first implicant is one of
/// the dominated column's, so candidates are looked up by first implicant. Returns whether any
/// column went.
fn drop_implied_columns(col_pis: &[Bits], cols: &mut Bits, pis: &Bits) -> bool {
    let list: Vec<usize> = cols.ones().collect();
    let sets: Vec<Bits> = list.iter().map(|&c| col_pis[c].and(pis)).collect();
    let counts: Vec<usize> = sets.iter().map(Bits::count).collect();
    let mut by_first: std::collections::HashMap<usize, Vec<usize>> = Default::default();
    for (i, s) in sets.iter().enumerate() {
        if let Some(f) = s.ones().next() {
            by_first.entry(f).or_default().push(i);
        }
    }
    let mut dropped = vec![false; list.len()];
    let mut any = false;
    for i in 0..list.len() {
        let implied = sets[i].ones().any(|p| {
            by_first.get(&p).is_some_and(|cands| {
                cands.iter().any(|&j| {
                    j != i
                        && !dropped[j]
                        && (counts[j] < counts[i] || (counts[j] == counts[i] && j < i))
                        && sets[j].is_subset(&sets[i])
                })
            })
        });
        if implied {
            dropped[i] = true;
            cols.clear(list[i]);
            any = true;
        }
    }
    any
}

/// Greedy cover size (an upper bound).
fn greedy(cover: &[Bits], cols: &Bits, pis: &Bits) -> usize {
    let mut left = cols.clone();
    let mut n = 0;
    while !left.is_empty() {
        let Some(p) = pis
            .ones()
            .max_by_key(|&p| (cover[p].and_count(&left), usize::MAX - p))
        else {
            return usize::MAX;
        };
        if cover[p].and_count(&left) == 0 {
            return usize::MAX;
        }
        left = left.and_not(&cover[p]);
        n += 1;
    }
    n
}

/// Enumerates every cover of exactly `k` implicants (all minimum when `k` is the minimum).
struct Search<'a> {
    cover: &'a [Bits],
    col_pis: &'a [Bits],
    k: usize,
    found: Vec<Vec<usize>>,
    max_solutions: usize,
    nodes: u64,
    truncated: bool,
}

impl Search<'_> {
    fn run(&mut self, uncovered: &Bits, avail: &mut Bits, chosen: &mut Vec<usize>) {
        if self.truncated {
            return;
        }
        self.nodes += 1;
        if self.nodes > MAX_NODES {
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
        let budget = self.k - chosen.len();
        if lower_bound(self.col_pis, self.cover.len(), uncovered, avail) > budget {
            return;
        }
        // exact feasibility of the rest within the budget (the cyclic-core search), so that
        // every branch followed leads to a cover
        let mut ms = MinSearch {
            cover: self.cover,
            col_pis: self.col_pis,
            best: budget + 1,
            nodes: 0,
            aborted: false,
        };
        ms.run(uncovered.clone(), avail.clone(), 0);
        self.nodes += ms.nodes;
        if ms.aborted {
            self.truncated = true;
            return;
        }
        if ms.best > budget {
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

/// All minimum-size covers of `ncols` columns by the implicants' coverage sets.
///
/// 1. Reductions that keep every minimum cover: essential implicants (a column with one
///    implicant), columns implied by another column (their implicants include the other's), and
///    implicants left covering nothing (never in a minimum cover).
/// 2. The rest splits into independent parts (columns linked by shared implicants); each part's
///    minimum size comes from a branch and bound on its cyclic core (which may also drop
///    dominated implicants, as only the size is sought there).
/// 3. Each part's covers of that size are enumerated with all its implicants (each found once:
///    after branching on an implicant for a column it is excluded from the later branches of
///    that column); the solutions are the essential implicants with one cover of every part.
///
/// At most `max_solutions` covers are listed (`truncated` then); beyond that number the ones
/// listed are the first in the order of the parts' covers (each lexicographic).
pub(crate) fn solve(cover: &[Bits], ncols: usize, max_solutions: usize) -> ChartSolution {
    let max_solutions = max_solutions.max(1);
    let npis = cover.len();
    let empty = ChartSolution {
        covers: Vec::new(),
        truncated: false,
    };
    let mut col_pis = vec![Bits::new(npis); ncols];
    for (p, b) in cover.iter().enumerate() {
        for c in b.ones() {
            if c < ncols {
                col_pis[c].set(p);
            }
        }
    }
    if col_pis.iter().any(|b| b.is_empty()) || npis == 0 {
        return empty;
    }
    // 1. safe reductions
    let mut cols = Bits::full(ncols);
    let mut pis = Bits::full(npis);
    let mut essential: Vec<usize> = Vec::new();
    loop {
        let mut changed = false;
        for (c, cp) in col_pis.iter().enumerate() {
            if !cols.get(c) {
                continue;
            }
            let s = cp.and(&pis);
            if s.count() == 1 {
                if let Some(p) = s.ones().next() {
                    essential.push(p);
                    cols = cols.and_not(&cover[p]);
                    pis.clear(p);
                    changed = true;
                }
            }
        }
        if drop_implied_columns(&col_pis, &mut cols, &pis) {
            changed = true;
        }
        for p in pis.ones().collect::<Vec<_>>() {
            if !cover[p].intersects(&cols) {
                pis.clear(p);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // 2. independent parts (union-find over columns through shared implicants)
    let mut parent: Vec<usize> = (0..ncols).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for p in pis.ones() {
        let mut first = None;
        for c in cover[p].and(&cols).ones() {
            match first {
                None => first = Some(c),
                Some(f) => {
                    let (a, b) = (find(&mut parent, f), find(&mut parent, c));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
            }
        }
    }
    let mut parts: Vec<(usize, Bits)> = Vec::new();
    for c in cols.ones() {
        let r = find(&mut parent, c);
        match parts.iter_mut().find(|(root, _)| *root == r) {
            Some((_, b)) => b.set(c),
            None => {
                let mut b = Bits::new(ncols);
                b.set(c);
                parts.push((r, b));
            }
        }
    }
    // 3. size and enumerate each part
    let mut truncated = false;
    let mut part_covers: Vec<Vec<Vec<usize>>> = Vec::new();
    for (_, pcols) in &parts {
        let mut ppis = Bits::new(npis);
        for c in pcols.ones() {
            ppis.or_assign(&col_pis[c].and(&pis));
        }
        // implicants covering the same columns of the part are interchangeable in a cover (and
        // never both in a minimum one): search over one of each class, expand afterwards
        let mut classes: std::collections::HashMap<Bits, Vec<usize>> = Default::default();
        for p in ppis.ones() {
            classes.entry(cover[p].and(pcols)).or_default().push(p);
        }
        let mut class_of: std::collections::HashMap<usize, Vec<usize>> = Default::default();
        let mut ppis = Bits::new(npis);
        for members in classes.into_values() {
            ppis.set(members[0]);
            class_of.insert(members[0], members);
        }
        let ub = greedy(cover, pcols, &ppis);
        let mut ms = MinSearch {
            cover,
            col_pis: &col_pis,
            best: ub,
            nodes: 0,
            aborted: false,
        };
        ms.run(pcols.clone(), ppis.clone(), 0);
        if ms.aborted {
            return ChartSolution {
                covers: Vec::new(),
                truncated: true,
            };
        }
        let mut search = Search {
            cover,
            col_pis: &col_pis,
            k: ms.best,
            found: Vec::new(),
            max_solutions,
            nodes: 0,
            truncated: false,
        };
        let mut avail = ppis;
        search.run(pcols, &mut avail, &mut Vec::new());
        if search.found.is_empty() {
            return ChartSolution {
                covers: Vec::new(),
                truncated: true,
            };
        }
        truncated |= search.truncated;
        let mut found: Vec<Vec<usize>> = Vec::new();
        'expand: for reps in &search.found {
            let mut combos: Vec<Vec<usize>> = vec![Vec::new()];
            for r in reps {
                let members = class_of.get(r).map_or(&[][..], |m| &m[..]);
                let mut next = Vec::with_capacity(combos.len() * members.len());
                for c in &combos {
                    for &m in members {
                        let mut v = c.clone();
                        v.push(m);
                        next.push(v);
                    }
                }
                combos = next;
            }
            for mut c in combos {
                if found.len() >= max_solutions {
                    truncated = true;
                    break 'expand;
                }
                c.sort_unstable();
                found.push(c);
            }
        }
        found.sort();
        found.dedup();
        part_covers.push(found);
    }
    // the product of the parts' covers, with the essential implicants
    let mut covers: Vec<Vec<usize>> = vec![essential];
    for pc in &part_covers {
        let mut next = Vec::with_capacity((covers.len() * pc.len()).min(max_solutions));
        'outer: for base in &covers {
            for c in pc {
                if next.len() >= max_solutions {
                    truncated = true;
                    break 'outer;
                }
                let mut v = base.clone();
                v.extend_from_slice(c);
                next.push(v);
            }
        }
        covers = next;
    }
    for c in covers.iter_mut() {
        c.sort_unstable();
    }
    covers.sort();
    covers.dedup();
    ChartSolution { covers, truncated }
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

    /// Every minimum cover by trying all subsets (a naive oracle for small charts).
    fn brute(chart: &[Bits], ncols: usize) -> Vec<Vec<usize>> {
        let n = chart.len();
        for size in 1..=n {
            let mut out = Vec::new();
            for mask in 0u32..(1 << n) {
                if mask.count_ones() as usize != size {
                    continue;
                }
                let mut u = Bits::new(ncols);
                let idx: Vec<usize> = (0..n).filter(|i| mask >> i & 1 == 1).collect();
                for &i in &idx {
                    u.or_assign(&chart[i]);
                }
                if u.count() == ncols {
                    out.push(idx);
                }
            }
            if !out.is_empty() {
                out.sort();
                return out;
            }
        }
        Vec::new()
    }

    #[test]
    fn solve_matches_brute_force_on_random_charts() {
        let mut seed = 3u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed >> 33
        };
        let mut checked = 0;
        for _ in 0..400 {
            let npis = 3 + (next() % 10) as usize;
            let ncols = 2 + (next() % 14) as usize;
            let density = 1 + next() % 4;
            let chart: Vec<Bits> = (0..npis)
                .map(|_| {
                    let mut b = Bits::new(ncols);
                    for c in 0..ncols {
                        if next() % 8 < density {
                            b.set(c);
                        }
                    }
                    b
                })
                .collect();
            let expected = brute(&chart, ncols);
            let got = solve(&chart, ncols, 100_000);
            assert_eq!(got.covers, expected, "chart {chart:?}");
            assert!(!got.truncated);
            checked += usize::from(!expected.is_empty());
        }
        assert!(checked > 100);
    }
}
