//! Blocks of work on rayon's work-stealing pool: results are returned in block order, so they
//! do not depend on the number of threads (one thread on wasm32, where rayon is not built).

/// The most threads one analysis uses, whatever is requested.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) const MAX_THREADS: usize = 64;

/// The number of threads to use: `requested`, or all of rayon's global pool (the machine's
/// cores, read once per process; 1 on wasm32).
pub(crate) fn threads(requested: Option<usize>) -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = requested;
        1
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        match requested {
            Some(t) if t > 0 => t.min(MAX_THREADS),
            _ => rayon::current_num_threads().min(MAX_THREADS),
        }
    }
}

/// Runs `f` on a pool of `threads` threads: rayon's global pool when that is its size, else a
/// pool of that size built once per process and kept. If no pool can be built, `f` runs on the
/// calling thread (the results do not depend on the thread count, only the time does).
#[cfg(not(target_arch = "wasm32"))]
fn on_pool<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    if threads == rayon::current_num_threads() {
        return f();
    }
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let pools = POOLS.get_or_init(|| Mutex::new(HashMap::new()));
    let pool = {
        let mut map = match pools.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        match map.get(&threads) {
            Some(p) => Some(Arc::clone(p)),
            None => rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .ok()
                .map(|p| Arc::clone(map.entry(threads).or_insert_with(|| Arc::new(p)))),
        }
    };
    match pool {
        Some(p) => p.install(f),
        None => f(),
    }
}

/// `f(b)` for every block b in 0..blocks, in block order, on up to `threads` threads.
pub(crate) fn map_blocks<T, F>(blocks: usize, threads: usize, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync + Send,
{
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 && blocks > 1 {
        use rayon::prelude::*;
        return on_pool(threads, || (0..blocks).into_par_iter().map(&f).collect());
    }
    let _ = threads;
    (0..blocks).map(&f).collect()
}

/// `f(b, chunk)` for every chunk b of `x` cut into pieces of `len` elements (the last may be
/// shorter), in chunk order, on up to `threads` threads: the chunks are disjoint, so they are
/// written in place; results in chunk order, independent of the number of threads.
pub(crate) fn map_chunks_mut<T, F>(x: &mut [f64], len: usize, threads: usize, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize, &mut [f64]) -> T + Sync + Send,
{
    let len = len.max(1);
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 && x.len() > len {
        use rayon::prelude::*;
        return on_pool(threads, || {
            x.par_chunks_mut(len)
                .enumerate()
                .map(|(b, c)| f(b, c))
                .collect()
        });
    }
    let _ = threads;
    x.chunks_mut(len)
        .enumerate()
        .map(|(b, c)| f(b, c))
        .collect()
}

/// `f(i, item)` for every item of `items` (moved into the call), in order, on up to `threads`
/// threads: for work already cut into disjoint pieces (e.g. chunks of output buffers).
pub(crate) fn map_owned<I, T, F>(items: Vec<I>, threads: usize, f: F) -> Vec<T>
where
    I: Send,
    T: Send,
    F: Fn(usize, I) -> T + Sync + Send,
{
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 && items.len() > 1 {
        use rayon::prelude::*;
        return on_pool(threads, || {
            items
                .into_par_iter()
                .enumerate()
                .map(|(i, x)| f(i, x))
                .collect()
        });
    }
    let _ = threads;
    items
        .into_iter()
        .enumerate()
        .map(|(i, x)| f(i, x))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_come_back_in_order_at_any_thread_count() {
        let want: Vec<usize> = (0..100).map(|b| b * b).collect();
        for t in [1, 2, 3, 8] {
            assert_eq!(map_blocks(100, t, |b| b * b), want, "threads {t}");
        }
        assert!(map_blocks(0, 4, |b| b).is_empty());
    }

    #[test]
    fn chunks_are_written_in_place_in_order() {
        for t in [1, 2, 5] {
            let mut x: Vec<f64> = (0..10).map(f64::from).collect();
            let sums = map_chunks_mut(&mut x, 3, t, |b, c| {
                for v in c.iter_mut() {
                    *v += 100.0 * (b as f64);
                }
                c.iter().sum::<f64>()
            });
            assert_eq!(sums, vec![3.0, 312.0, 621.0, 309.0], "threads {t}");
            assert_eq!(x[9], 309.0);
        }
    }

    #[test]
    fn threads_requested_are_capped() {
        assert_eq!(threads(Some(1000)), MAX_THREADS.min(1000));
        assert!(threads(None) >= 1);
        assert_eq!(threads(Some(3)), 3);
    }
}
