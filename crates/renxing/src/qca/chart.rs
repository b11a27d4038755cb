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
    /// The first element of `self ∩ o`.
    fn first_and(&self, o: &Bits) -> Option<usize> {
        self.0
            .iter()
            .zip(&o.0)
            .enumerate()
            .find(|(_, (a, b))| *a & *b != 0)
            .map(|(w, (a, b))| w * 64 + (a & b).trailing_zeros() as usize)
    }
    /// `self ∩ mask ⊆ o`.
    fn and_subset(&self, mask: &Bits, o: &Bits) -> bool {
        self.0
            .iter()
            .zip(&mask.0)
            .zip(&o.0)
            .all(|((a, m), b)| a & m & !b == 0)
    }
    fn and_not_assign(&mut self, o: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&o.0) {
            *a &= !b;
        }
    }
    /// The elements of `self ∩ o`, without allocating a set.
    fn and_ones<'a>(&'a self, o: &'a Bits) -> impl Iterator<Item = usize> + 'a {
        self.0
            .iter()
            .zip(&o.0)
            .enumerate()
            .flat_map(|(w, (&a, &b))| {
                let mut x = a & b;
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

/// The Lagrangian relaxation of the unit-cost set cover (every column covered): for multipliers
/// `u ≥ 0` on the columns, `L(u) = Σ_c u_c + Σ_p min(0, 1 − Σ_{c∈p} u_c)` is a lower bound on
/// the size of every cover (the LP bound at the best `u`; Beasley 1990, "A Lagrangian heuristic
/// for set-covering problems", Naval Research Logistics 37). The multipliers are improved by
/// subgradient steps (Held, Wolfe & Crowder 1974); every iterate gives a valid bound, so the
/// search may stop as soon as the bound exceeds the budget. The reduced costs
/// `r_p = 1 − Σ_{c∈p} u_c` at the best multipliers fix implicants: a cover using `p` has at
/// least `L + r_p` implicants, a cover without it at least `L − r_p`.
struct Lagrange {
    /// Local columns of every implicant (indices into the node's column list).
    adj: Vec<Vec<u32>>,
    /// Global implicant index of every local implicant.
    pis: Vec<usize>,
    /// Global column index of every local column.
    cols: Vec<usize>,
}

/// Result of a Lagrangian bound at a node.
struct Bound {
    /// The best bound found.
    lb: f64,
    /// Reduced cost of every local implicant at the best multipliers.
    reduced: Vec<f64>,
}

/// Slack of the bound comparisons (the bound is a float; cover sizes are integers).
const LAG_EPS: f64 = 1e-6;

impl Lagrange {
    fn new(cover: &[Bits], cols: &Bits, pis: &Bits, ncols: usize) -> Lagrange {
        let cl: Vec<usize> = cols.ones().collect();
        let mut local = vec![u32::MAX; ncols];
        for (i, &c) in cl.iter().enumerate() {
            local[c] = i as u32;
        }
        let mut adj = Vec::new();
        let mut pl = Vec::new();
        for p in pis.ones() {
            let a: Vec<u32> = cover[p]
                .and(cols)
                .ones()
                .map(|c| local[c])
                .filter(|&l| l != u32::MAX)
                .collect();
            if !a.is_empty() {
                adj.push(a);
                pl.push(p);
            }
        }
        Lagrange {
            adj,
            pis: pl,
            cols: cl,
        }
    }

    /// Improves the multipliers `u` (global, one per column; warm start) for at most `iters`
    /// subgradient steps, stopping early once the bound exceeds `budget`. `lambda` is the
    /// initial step factor.
    fn bound(&self, u: &mut [f64], budget: usize, iters: usize, lambda: f64) -> Bound {
        self.bound_with(u, budget, iters, lambda, 0).0
    }

    /// As `bound`, also running the heuristic every `every` steps (0: never); returns the
    /// smallest cover size it found (`usize::MAX` if none).
    fn bound_with(
        &self,
        u: &mut [f64],
        budget: usize,
        iters: usize,
        lambda: f64,
        every: usize,
    ) -> (Bound, usize) {
        let mut ub = usize::MAX;
        let m = self.cols.len();
        let n = self.adj.len();
        let mut lu: Vec<f64> = self.cols.iter().map(|&c| u[c]).collect();
        let mut best = f64::NEG_INFINITY;
        let mut best_u = lu.clone();
        let mut red = vec![0.0; n];
        let mut hits = vec![0u32; m];
        let mut lambda = lambda;
        let mut stall = 0;
        let target = budget as f64 + 1.0;
        for it in 0..iters.max(1) {
            let mut l: f64 = lu.iter().sum();
            hits.iter_mut().for_each(|h| *h = 0);
            for (p, a) in self.adj.iter().enumerate() {
                let r = 1.0 - a.iter().map(|&c| lu[c as usize]).sum::<f64>();
                red[p] = r;
                if r < 0.0 {
                    l += r;
                    for &c in a {
                        hits[c as usize] += 1;
                    }
                }
            }
            if every > 0 && it % every == 0 {
                ub = ub.min(self.heuristic(&red));
            }
            if l > best + 1e-9 {
                best = l;
                best_u.copy_from_slice(&lu);
                stall = 0;
            } else {
                stall += 1;
                if stall >= 10 {
                    lambda *= 0.5;
                    stall = 0;
                }
            }
            if best > budget as f64 + LAG_EPS || lambda < 1e-3 {
                break;
            }
            // a warm-started node far from its budget: the bound will not prune it
            if every == 0 && it == 15 && best < budget as f64 - 1.0 {
                break;
            }
            let norm: f64 = hits
                .iter()
                .map(|&h| {
                    let g = 1.0 - f64::from(h);
                    g * g
                })
                .sum();
            if norm == 0.0 {
                break;
            }
            let step = lambda * (target - l).max(0.05) / norm;
            for (x, &h) in lu.iter_mut().zip(&hits) {
                *x = (*x + step * (1.0 - f64::from(h))).max(0.0);
            }
        }
        for (p, a) in self.adj.iter().enumerate() {
            red[p] = 1.0 - a.iter().map(|&c| best_u[c as usize]).sum::<f64>();
        }
        for (&c, &x) in self.cols.iter().zip(&best_u) {
            u[c] = x;
        }
        (
            Bound {
                lb: best,
                reduced: red,
            },
            ub,
        )
    }
}

impl Lagrange {
    /// A cover built from reduced costs (Beasley's Lagrangian heuristic, unit costs): the
    /// implicants with negative reduced cost, then greedily the one covering most uncovered
    /// columns (ties: lower reduced cost), then redundant implicants dropped (highest reduced
    /// cost first). Returns its size (an upper bound on the minimum).
    fn heuristic(&self, red: &[f64]) -> usize {
        let m = self.cols.len();
        let n = self.adj.len();
        let mut hits = vec![0u32; m];
        let mut chosen = vec![false; n];
        for p in 0..n {
            if red[p] < 0.0 {
                chosen[p] = true;
                for &c in &self.adj[p] {
                    hits[c as usize] += 1;
                }
            }
        }
        let mut left = hits.iter().filter(|&&h| h == 0).count();
        while left > 0 {
            let mut best: Option<(usize, f64, usize)> = None;
            for p in 0..n {
                if chosen[p] {
                    continue;
                }
                let gain = self.adj[p]
                    .iter()
                    .filter(|&&c| hits[c as usize] == 0)
                    .count();
                if gain == 0 {
                    continue;
                }
                let better = match best {
                    None => true,
                    Some((g, r, _)) => gain > g || (gain == g && red[p] < r),
                };
                if better {
                    best = Some((gain, red[p], p));
                }
            }
            let Some((g, _, p)) = best else {
                return usize::MAX;
            };
            chosen[p] = true;
            for &c in &self.adj[p] {
                hits[c as usize] += 1;
            }
            left -= g;
        }
        let mut order: Vec<usize> = (0..n).filter(|&p| chosen[p]).collect();
        order.sort_by(|&a, &b| red[b].total_cmp(&red[a]));
        let mut size = order.len();
        for p in order {
            if self.adj[p].iter().all(|&c| hits[c as usize] > 1) {
                for &c in &self.adj[p] {
                    hits[c as usize] -= 1;
                }
                size -= 1;
            }
        }
        size
    }
}

/// Dual-feasible starting multipliers: each column gets `1 / (most columns any of its
/// implicants covers)`, so no reduced cost is negative and `L(u) = Σ u`.
fn initial_multipliers(cover: &[Bits], col_pis: &[Bits], cols: &Bits, pis: &Bits) -> Vec<f64> {
    let mut u = vec![0.0; col_pis.len()];
    let sizes: Vec<usize> = cover.iter().map(|b| b.and_count(cols)).collect();
    for c in cols.ones() {
        let most = col_pis[c]
            .and(pis)
            .ones()
            .map(|p| sizes[p])
            .max()
            .unwrap_or(1);
        u[c] = 1.0 / most.max(1) as f64;
    }
    u
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
    /// Stop once a cover of at most this size is found (a known lower bound, or the budget of
    /// a feasibility check).
    goal: usize,
    /// A cover of at most `goal` implicants was found.
    done: bool,
    /// Lagrangian multipliers, one per column (warm start from node to node).
    u: Vec<f64>,
    /// The implicants chosen on the current path.
    path: Vec<usize>,
    /// The cover found when `done`.
    witness: Option<Vec<usize>>,
}

impl<'a> MinSearch<'a> {
    fn new(cover: &'a [Bits], col_pis: &'a [Bits], best: usize, goal: usize, u: Vec<f64>) -> Self {
        MinSearch {
            cover,
            col_pis,
            best,
            nodes: 0,
            aborted: false,
            goal,
            done: false,
            u,
            path: Vec::new(),
            witness: None,
        }
    }

    fn run(&mut self, cols: Bits, pis: Bits, depth: usize) {
        let mark = self.path.len();
        self.node(cols, pis, depth);
        self.path.truncate(mark);
    }
}

/// Nodes with fewer uncovered columns than this skip the Lagrangian bound (the independent
/// columns bound and the reductions settle them quickly).
const LAG_MIN_COLS: usize = 12;
/// Subgradient steps at a node of the branch and bound (warm-started from the last node).
const LAG_NODE_ITERS: usize = 40;
/// Subgradient steps for the bound at the root of each part.
const LAG_ROOT_ITERS: usize = 2000;

impl MinSearch<'_> {
    fn node(&mut self, mut cols: Bits, mut pis: Bits, mut depth: usize) {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            self.aborted = true;
        }
        if self.aborted || self.done {
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
                match self.col_pis[c].and_count(&pis) {
                    0 => return,
                    1 => {
                        let Some(p) = self.col_pis[c].first_and(&pis) else {
                            return;
                        };
                        depth += 1;
                        self.path.push(p);
                        cols.and_not_assign(&self.cover[p]);
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
                self.done = depth <= self.goal;
                if self.done {
                    self.witness = Some(self.path.clone());
                }
                return;
            }
            // implicant dominance (ties: the later one goes); a dominating implicant covers the
            // first column of the dominated one
            for p in pis.ones().collect::<Vec<_>>() {
                let Some(c0) = self.cover[p].first_and(&cols) else {
                    pis.clear(p);
                    changed = true;
                    continue;
                };
                let np = self.cover[p].and_count(&cols);
                let cp = &self.cover[p];
                let dominated = self.col_pis[c0].and_ones(&pis).any(|q| {
                    q != p
                        && cp.and_subset(&cols, &self.cover[q])
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
        // the Lagrangian bound and reduced-cost fixing, for covers of at most best - 1
        if cols.count() >= LAG_MIN_COLS {
            let budget = self.best - 1 - depth;
            let lag = Lagrange::new(self.cover, &cols, &pis, self.col_pis.len());
            let b = lag.bound(&mut self.u, budget, LAG_NODE_ITERS, 0.5);
            if b.lb > budget as f64 + LAG_EPS {
                return;
            }
            let mut fixed = false;
            for (i, &r) in b.reduced.iter().enumerate() {
                let p = lag.pis[i];
                if r > 0.0 && b.lb + r > budget as f64 + LAG_EPS {
                    pis.clear(p);
                    fixed = true;
                } else if r < 0.0 && b.lb - r > budget as f64 + LAG_EPS && pis.get(p) {
                    // in every cover within the budget
                    cols = cols.and_not(&self.cover[p]);
                    pis.clear(p);
                    depth += 1;
                    self.path.push(p);
                    fixed = true;
                }
            }
            if fixed {
                if depth < self.best {
                    self.run(cols, pis, depth);
                }
                return;
            }
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
            self.path.push(p);
            self.run(cols.and_not(&self.cover[p]), rest, depth + 1);
            self.path.pop();
            pis.clear(p);
            if self.aborted || self.done {
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
    // candidates grouped by first implicant: (first, index) sorted
    let mut firsts: Vec<(usize, usize)> = sets
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.ones().next().map(|f| (f, i)))
        .collect();
    firsts.sort_unstable();
    let group = |f: usize| -> &[(usize, usize)] {
        let a = firsts.partition_point(|&(g, _)| g < f);
        let b = firsts.partition_point(|&(g, _)| g <= f);
        &firsts[a..b]
    };
    let mut dropped = vec![false; list.len()];
    let mut any = false;
    for i in 0..list.len() {
        let implied = sets[i].ones().any(|p| {
            group(p).iter().any(|&(_, j)| {
                j != i
                    && !dropped[j]
                    && (counts[j] < counts[i] || (counts[j] == counts[i] && j < i))
                    && sets[j].is_subset(&sets[i])
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
    /// Lagrangian multipliers (shared with the feasibility checks).
    u: Vec<f64>,
}

impl Search<'_> {
    /// `witness`: a cover of `uncovered` by available implicants within the budget, when known
    /// (then the node needs no feasibility check).
    fn run(
        &mut self,
        uncovered: &Bits,
        avail: &mut Bits,
        chosen: &mut Vec<usize>,
        witness: Option<Vec<usize>>,
    ) {
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
        let witness = match witness {
            Some(w) => w,
            None => {
                if lower_bound(self.col_pis, self.cover.len(), uncovered, avail) > budget {
                    return;
                }
                // exact feasibility of the rest within the budget (the cyclic-core search), so
                // that every branch followed leads to a cover; its cover is the witness
                let mut ms = MinSearch::new(
                    self.cover,
                    self.col_pis,
                    budget + 1,
                    budget,
                    std::mem::take(&mut self.u),
                );
                ms.run(uncovered.clone(), avail.clone(), 0);
                self.nodes += ms.nodes;
                self.u = std::mem::take(&mut ms.u);
                if ms.aborted {
                    self.truncated = true;
                    return;
                }
                match ms.witness {
                    Some(w) if ms.best <= budget => w,
                    _ => return,
                }
            }
        };
        let Some((col, _)) = best else { return };
        let options: Vec<usize> = self.col_pis[col].and(avail).ones().collect();
        let mut removed = Vec::new();
        let mut hits: Vec<u32> = Vec::new();
        for p in options {
            let next = uncovered.and_not(&self.cover[p]);
            avail.clear(p);
            removed.push(p);
            // a witness for the child: the parent's without p, or with one implicant swapped
            // for p (all still available)
            let child = if witness.contains(&p) {
                let w: Vec<usize> = witness.iter().copied().filter(|&q| q != p).collect();
                w.iter().all(|&q| avail.get(q)).then_some(w)
            } else {
                // at most one member unavailable; drop one whose columns in `next` the others
                // also cover
                let gone: Vec<usize> = (0..witness.len())
                    .filter(|&i| !avail.get(witness[i]))
                    .collect();
                if gone.len() > 1 {
                    None
                } else {
                    hits.clear();
                    hits.resize(self.col_pis.len(), 0);
                    for (i, &q) in witness.iter().enumerate() {
                        if !gone.contains(&i) {
                            for c in self.cover[q].and_ones(&next) {
                                hits[c] += 1;
                            }
                        }
                    }
                    // (the witness covers `next`, so every column of it has a hit)
                    let ok = |i: usize| self.cover[witness[i]].and_ones(&next).all(|c| hits[c] > 1);
                    let pick = match gone.first() {
                        Some(&i) => next.ones().all(|c| hits[c] > 0).then_some(i),
                        None => (0..witness.len()).find(|&i| ok(i)),
                    };
                    pick.map(|i| {
                        let mut w = witness.clone();
                        w.remove(i);
                        w
                    })
                }
            };
            chosen.push(p);
            self.run(&next, avail, chosen, child);
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
        let mut ub = greedy(cover, pcols, &ppis);
        // the root's Lagrangian bound: the search stops at a cover of that size
        let mut u = initial_multipliers(cover, &col_pis, pcols, &ppis);
        let mut goal = 0;
        if pcols.count() >= LAG_MIN_COLS && ub < usize::MAX {
            let lag = Lagrange::new(cover, pcols, &ppis, ncols);
            let (b, h) = lag.bound_with(&mut u, ub.saturating_sub(1), LAG_ROOT_ITERS, 2.0, 10);
            goal = (b.lb - LAG_EPS).ceil().max(0.0) as usize;
            ub = ub.min(h);
        }
        let k = if goal >= ub {
            ub
        } else {
            let mut ms = MinSearch::new(cover, &col_pis, ub, goal, u.clone());
            ms.run(pcols.clone(), ppis.clone(), 0);
            if ms.aborted {
                return ChartSolution {
                    covers: Vec::new(),
                    truncated: true,
                };
            }
            u = ms.u;
            ms.best
        };
        let mut search = Search {
            cover,
            col_pis: &col_pis,
            k,
            found: Vec::new(),
            max_solutions,
            nodes: 0,
            truncated: false,
            u,
        };
        let mut avail = ppis;
        search.run(pcols, &mut avail, &mut Vec::new(), None);
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

    /// A 64-bit linear congruential stream (Knuth's MMIX constants), its high bits.
    fn lcg(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed >> 33
        }
    }

    /// A random chart: each cell set with probability `density / of`.
    fn random_chart(
        next: &mut impl FnMut() -> u64,
        npis: usize,
        ncols: usize,
        density: u64,
        of: u64,
    ) -> Vec<Bits> {
        (0..npis)
            .map(|_| {
                let mut b = Bits::new(ncols);
                for c in 0..ncols {
                    if next() % of < density {
                        b.set(c);
                    }
                }
                b
            })
            .collect()
    }

    #[test]
    fn solve_matches_brute_force_on_random_charts() {
        let mut next = lcg(3);
        let mut checked = 0;
        for _ in 0..400 {
            let npis = 3 + (next() % 10) as usize;
            let ncols = 2 + (next() % 14) as usize;
            let density = 1 + next() % 4;
            let chart = random_chart(&mut next, npis, ncols, density, 8);
            let expected = brute(&chart, ncols);
            let got = solve(&chart, ncols, 100_000);
            assert_eq!(got.covers, expected, "chart {chart:?}");
            assert!(!got.truncated);
            checked += usize::from(!expected.is_empty());
        }
        assert!(checked > 100);
    }

    /// The lines of the affine plane AG(2, 4) as a chart: 16 points (columns), 20 lines of 4
    /// points (implicants). Any two points share a line, so the independent-columns bound is 1;
    /// the LP (and Lagrangian) bound is 16 / 4 = 4, the minimum; the minimum covers are the 5
    /// parallel classes (4 disjoint lines each).
    fn affine_plane_4() -> Vec<Bits> {
        // GF(4) = {0, 1, a, a + 1} as 0..4: addition is XOR; multiplication by table
        const MUL: [[usize; 4]; 4] = [[0, 0, 0, 0], [0, 1, 2, 3], [0, 2, 3, 1], [0, 3, 1, 2]];
        let pt = |x: usize, y: usize| 4 * x + y;
        let mut lines = Vec::new();
        for row in &MUL {
            for b in 0..4 {
                lines.push(bits(
                    16,
                    &(0..4).map(|x| pt(x, row[x] ^ b)).collect::<Vec<_>>(),
                ));
            }
        }
        for c in 0..4 {
            lines.push(bits(16, &(0..4).map(|y| pt(c, y)).collect::<Vec<_>>()));
        }
        lines
    }

    #[test]
    fn lagrangian_bound_closes_what_independent_columns_cannot() {
        let chart = affine_plane_4();
        let npis = chart.len();
        let mut col_pis = vec![Bits::new(npis); 16];
        for (p, b) in chart.iter().enumerate() {
            for c in b.ones() {
                col_pis[c].set(p);
            }
        }
        let (cols, pis) = (Bits::full(16), Bits::full(npis));
        assert_eq!(lower_bound(&col_pis, npis, &cols, &pis), 1);
        let mut u = initial_multipliers(&chart, &col_pis, &cols, &pis);
        let b = Lagrange::new(&chart, &cols, &pis, 16).bound(&mut u, 3, LAG_ROOT_ITERS, 2.0);
        assert!(b.lb > 4.0 - 1e-6, "{}", b.lb);
        // so the minimum (greedy finds 4) needs no branching, and every minimum cover is found
        assert_eq!(greedy(&chart, &cols, &pis), 4);
        let s = solve(&chart, 16, 1000);
        assert_eq!(s.covers.len(), 5);
        assert_eq!(s.covers[0], vec![0, 1, 2, 3]); // y = b
        assert_eq!(s.covers[4], vec![16, 17, 18, 19]); // x = c
        assert!(!s.truncated);
        for c in &s.covers {
            let mut u = Bits::new(16);
            c.iter().for_each(|&p| u.or_assign(&chart[p]));
            assert_eq!(u.count(), 16);
        }
    }

    #[test]
    fn solve_matches_brute_force_on_larger_random_charts() {
        // more columns than LAG_MIN_COLS, so the Lagrangian bound and reduced-cost fixing run
        let mut next = lcg(11);
        let mut checked = 0;
        for _ in 0..60 {
            let npis = 8 + (next() % 9) as usize;
            let ncols = LAG_MIN_COLS + (next() % 30) as usize;
            let density = 1 + next() % 3;
            let mut chart = random_chart(&mut next, npis, ncols, density, 10);
            // every column in some implicant (else there is no cover to compare)
            for c in 0..ncols {
                if !chart.iter().any(|b| b.get(c)) {
                    let p = (next() as usize) % npis;
                    chart[p].set(c);
                }
            }
            let expected = brute(&chart, ncols);
            let got = solve(&chart, ncols, 100_000);
            assert_eq!(got.covers, expected, "chart {chart:?}");
            checked += usize::from(expected.len() > 1);
        }
        assert!(checked > 10, "{checked}");
    }
}
