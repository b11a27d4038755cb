//! Blocks of work on scoped threads: results are returned in block order, so they do not
//! depend on the number of threads (one thread on wasm32).

/// The most threads one analysis uses, whatever is requested.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) const MAX_THREADS: usize = 64;

/// The number of threads to use: `requested`, or all available cores (1 on wasm32).
pub(crate) fn threads(requested: Option<usize>) -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = requested;
        1
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        match requested {
            // more threads than this only costs (and a spawn that fails would panic)
            Some(t) if t > 0 => t.min(MAX_THREADS),
            _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// `f(b)` for every block b in 0..blocks, in block order, on up to `threads` threads.
pub(crate) fn map_blocks<T, F>(blocks: usize, threads: usize, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync,
{
    let threads = threads.clamp(1, blocks.max(1));
    #[cfg(target_arch = "wasm32")]
    let threads = {
        let _ = threads;
        1
    };
    if threads <= 1 {
        return (0..blocks).map(&f).collect();
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let next = AtomicUsize::new(0);
        let mut parts: Vec<(usize, T)> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    s.spawn(|| {
                        let mut out = Vec::new();
                        loop {
                            let b = next.fetch_add(1, Ordering::Relaxed);
                            if b >= blocks {
                                break;
                            }
                            out.push((b, f(b)));
                        }
                        out
                    })
                })
                .collect();
            let mut all = Vec::with_capacity(blocks);
            for h in handles {
                match h.join() {
                    Ok(v) => all.extend(v),
                    Err(e) => std::panic::resume_unwind(e),
                }
            }
            all
        });
        parts.sort_by_key(|(b, _)| *b);
        parts.into_iter().map(|(_, t)| t).collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        (0..blocks).map(&f).collect()
    }
}

/// `f(b, chunk)` for every chunk b of `x` cut into pieces of `len` elements (the last may be
/// shorter), in chunk order, on up to `threads` threads: the chunks are disjoint, so they can
/// be written in place; results in chunk order, independent of the number of threads.
pub(crate) fn map_chunks_mut<T, F>(x: &mut [f64], len: usize, threads: usize, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize, &mut [f64]) -> T + Sync,
{
    let cells: Vec<std::sync::Mutex<&mut [f64]>> = x
        .chunks_mut(len.max(1))
        .map(std::sync::Mutex::new)
        .collect();
    map_blocks(cells.len(), threads, |b| {
        // each cell is locked once, by one block: never contended, never poisoned by another
        let mut g = match cells[b].lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        f(b, &mut g)
    })
}
