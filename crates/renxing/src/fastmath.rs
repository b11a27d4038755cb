//! `libm`'s `exp` and `log` rewritten without branches, so that the compiler vectorises them
//! over slices: [`exp_into`] and [`ln_into`] give, value for value, the bits `libm::exp` and
//! `libm::log` give. Used by the uncertainty runs' re-aggregation kernel and by the composite
//! pipeline's entropy sums (Σ x ln x).
//!
//! **Bit for bit.** [`exp_into`] and [`ln_into`] are `libm` 0.2's `exp` (FreeBSD `e_exp.c`) and
//! `log` (FreeBSD `e_log.c`) operation by operation on their ordinary range (|x| in (2⁻²⁸, 512)
//! for exp; positive normal finite x for log), `libm` itself elsewhere. Rust never contracts
//! `a * b + c` into a fused multiply-add, so vector code gives the same bits as scalar code,
//! native or wasm32. The unit tests compare them with `libm` on millions of values, bit for bit.

// libm's constants, by their bits (FreeBSD e_exp.c and e_log.c)
const LN2HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000); // 6.93147180369123816490e-1
const LN2LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76); // 1.90821492927058770002e-10
const INVLN2: f64 = f64::from_bits(0x3ff7_1547_652b_82fe); // 1.44269504088896338700e0
const P1: f64 = f64::from_bits(0x3fc5_5555_5555_553e); // 1.66666666666666019037e-1
const P2: f64 = f64::from_bits(0xbf66_c16c_16be_bd93); // -2.77777777770155933842e-3
const P3: f64 = f64::from_bits(0x3f11_566a_af25_de2c); // 6.61375632143793436117e-5
const P4: f64 = f64::from_bits(0xbebb_bd41_c5d2_6bf1); // -1.65339022054652515390e-6
const P5: f64 = f64::from_bits(0x3e66_3769_72be_a4d0); // 4.13813679705723846039e-8
const LG1: f64 = f64::from_bits(0x3fe5_5555_5555_5593); // 6.666666666666735130e-1
const LG2: f64 = f64::from_bits(0x3fd9_9999_9997_fa04); // 3.999999999940941908e-1
const LG3: f64 = f64::from_bits(0x3fd2_4924_9422_9359); // 2.857142874366239149e-1
const LG4: f64 = f64::from_bits(0x3fcc_71c5_1d8e_78af); // 2.222219843214978396e-1
const LG5: f64 = f64::from_bits(0x3fc7_4664_96cb_03de); // 1.818357216161805012e-1
const LG6: f64 = f64::from_bits(0x3fc3_9a09_d078_c69f); // 1.531383769920937332e-1
const LG7: f64 = f64::from_bits(0x3fc2_f112_df3e_5244); // 1.479819860511658591e-1
/// 2⁵²: adding it to a small non-negative integer-valued f64 puts the integer in the low bits.
const TWO52: f64 = 4_503_599_627_370_496.0;

/// The smallest f64 whose high word is `hw` (|x| ≥ this ⟺ high word of |x| ≥ hw).
const fn at_high(hw: u64) -> f64 {
    f64::from_bits(hw << 32)
}

/// trunc(v) for |v| < 2⁵¹, with additions only (baseline SSE2 has no vector rounding).
#[inline(always)]
fn trunc_small(v: f64) -> f64 {
    let a = v.abs();
    let r = (a + TWO52) - TWO52; // a rounded to nearest
    let t = if r > a { r - 1.0 } else { r };
    t.copysign(v)
}

/// `libm::exp` on |x| in (2⁻²⁸, 512) (see the module documentation), branch-free.
#[inline(always)]
fn exp_regular(x: f64) -> f64 {
    let a = x.abs();
    // libm: k = (INVLN2 x ± 0.5) as i32 if |x| ≥ 1.5 ln2 (high word ≥ 0x3ff0a2b2),
    // k = ±1 if |x| > 0.5 ln2 (high word > 0x3fd62e42), else k = 0 (and hi = x, lo = 0,
    // which the general formulas reproduce exactly with k = 0).
    let kbig = trunc_small(INVLN2 * x + 0.5f64.copysign(x));
    let k = if a >= at_high(0x3ff0_a2b2) {
        kbig
    } else if a >= at_high(0x3fd6_2e43) {
        1.0f64.copysign(x)
    } else {
        0.0
    };
    let hi = x - k * LN2HI;
    let lo = k * LN2LO;
    let r = hi - lo;
    let xx = r * r;
    let c = r - xx * (P1 + xx * (P2 + xx * (P3 + xx * (P4 + xx * P5))));
    let y = 1.0 + (r * c / (2.0 - c) - lo + hi);
    // scalbn(y, k) = y × 2^k exactly for |k| ≤ 740 (k + 1023 in the low bits of 2⁵² + k + 1023)
    let e = (k + (TWO52 + 1023.0)).to_bits() << 52;
    y * f64::from_bits(e)
}

#[inline(always)]
fn exp_is_regular(x: f64) -> bool {
    let a = x.abs();
    a >= at_high(0x3e30_0001) && a < 512.0
}

/// `libm::log` on positive normal finite x, branch-free.
#[inline(always)]
fn ln_regular(x: f64) -> f64 {
    let ui = x
        .to_bits()
        .wrapping_add((0x3ff0_0000u64 - 0x3fe6_a09e) << 32);
    // k = (high word >> 20) − 0x3ff, as an exact f64
    let dk = f64::from_bits((ui >> 52) | TWO52.to_bits()) - (TWO52 + 1023.0);
    let xr = f64::from_bits((ui & 0x000f_ffff_ffff_ffff) + (0x3fe6_a09eu64 << 32));
    let f = xr - 1.0;
    let hfsq = 0.5 * f * f;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r = t2 + t1;
    s * (hfsq + r) + dk * LN2LO - hfsq + f + dk * LN2HI
}

#[inline(always)]
fn ln_is_regular(x: f64) -> bool {
    (f64::MIN_POSITIVE..f64::INFINITY).contains(&x)
}

/// exp of every value of `src` into `out`, bit for bit `libm::exp`. Inlined, so that inside a
/// [`dispatch`]ed body it is compiled with that body's vector width.
#[inline(always)]
pub(crate) fn exp_into(out: &mut [f64], src: &[f64]) {
    let mut irregular = false;
    for (o, &x) in out.iter_mut().zip(src) {
        irregular |= !exp_is_regular(x);
        *o = exp_regular(x);
    }
    if irregular {
        for (o, &x) in out.iter_mut().zip(src) {
            if !exp_is_regular(x) {
                *o = libm::exp(x);
            }
        }
    }
}

/// ln of every value of `src` into `out`, bit for bit `libm::log`. Inlined (see [`exp_into`]).
#[inline(always)]
pub(crate) fn ln_into(out: &mut [f64], src: &[f64]) {
    let mut irregular = false;
    for (o, &x) in out.iter_mut().zip(src) {
        irregular |= !ln_is_regular(x);
        *o = ln_regular(x);
    }
    if irregular {
        for (o, &x) in out.iter_mut().zip(src) {
            if !ln_is_regular(x) {
                *o = libm::log(x);
            }
        }
    }
}

/// Runs `op` with the widest vectors the CPU has, chosen at run time by `pulp` (safe dispatch:
/// AVX-512 or AVX2 on x86-64 when present, the build's baseline otherwise and on wasm32): the
/// body of `op.with_simd` is inlined into a function compiled with those CPU features, so its
/// plain loops (and the `#[inline(always)]` helpers they call) are vectorised that wide.
///
/// **Same bits on every path.** The vector widths change how many values one instruction
/// handles, never which IEEE 754 operations are applied to a value or in which order: Rust
/// never contracts `a * b + c` into a fused multiply-add (even where the CPU has FMA, which
/// these feature sets include) and nothing here calls `mul_add`. Tests run the same work
/// through this, the AVX2 and the baseline path ([`force_path`]) and compare bits.
///
/// Mark the closure `#[inline(always)]` (and the functions it calls): it is called as `FnMut`
/// (an `FnOnce` call of a closure would go through a shim that is not inlined, and the body
/// would keep the baseline width).
#[inline(always)]
pub(crate) fn dispatch<R>(body: impl FnMut() -> R) -> R {
    match FORCED.load(std::sync::atomic::Ordering::Relaxed) {
        0 => pulp::Arch::new().dispatch(Inlined(body)),
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        2 => match pulp::x86::V3::try_new() {
            Some(v3) => pulp::Simd::vectorize(v3, Inlined(body)),
            None => pulp::WithSimd::with_simd(Inlined(body), pulp::Scalar::new()),
        },
        _ => pulp::WithSimd::with_simd(Inlined(body), pulp::Scalar::new()),
    }
}

/// A closure run by [`dispatch`], called through `FnMut` so that it is inlined.
struct Inlined<F>(F);

impl<R, F: FnMut() -> R> pulp::WithSimd for Inlined<F> {
    type Output = R;
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(mut self, _: S) -> R {
        (self.0)()
    }
}

/// The path [`dispatch`] takes: 0 the widest, 1 the baseline (the build's own target
/// features), 2 x86-64-v3 (AVX2) where present. Only tests change it.
static FORCED: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Makes [`dispatch`] take the path `mode` (see [`FORCED`]) for the whole process: tests
/// compare the paths bit for bit.
#[cfg(test)]
pub(crate) fn force_path(mode: u8) {
    FORCED.store(mode, std::sync::atomic::Ordering::Relaxed);
}

/// The instruction set [`dispatch`] uses on this machine (printed by the tests).
#[cfg(test)]
pub(crate) fn dispatch_name() -> &'static str {
    match pulp::Arch::new() {
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        pulp::Arch::V4(_) => "x86-64-v4 (AVX-512)",
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        pulp::Arch::V3(_) => "x86-64-v3 (AVX2)",
        _ => "baseline",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_exp(x: f64) {
        let mut o = [0.0];
        exp_into(&mut o, &[x]);
        assert_eq!(o[0].to_bits(), libm::exp(x).to_bits(), "exp({x:e})");
    }

    fn check_ln(x: f64) {
        let mut o = [0.0];
        ln_into(&mut o, &[x]);
        assert_eq!(o[0].to_bits(), libm::log(x).to_bits(), "ln({x:e})");
    }

    #[test]
    fn exp_and_ln_equal_libm_bit_for_bit() {
        let mut s = crate::uncertainty::rng::Stream::new(1, 99, 0);
        // random magnitudes over the whole range, and around every branch point
        for _ in 0..400_000 {
            let e = s.uniform() * 24.0 - 12.0;
            let x = (2f64).powf(e) * if s.uniform() < 0.5 { -1.0 } else { 1.0 };
            check_exp(x);
            check_exp(x * 50.0);
            check_ln(x.abs());
            check_ln(x.abs() * 1e100);
            check_ln(x.abs() * 1e-300);
        }
        for _ in 0..200_000 {
            check_exp(s.uniform() * 10.0 - 5.0);
            check_ln(s.uniform() * 200.0);
        }
        let ln2 = std::f64::consts::LN_2;
        for c in [
            0.5 * ln2,
            1.5 * ln2,
            2f64.powi(-28),
            512.0,
            700.0,
            708.39,
            709.8,
            745.2,
        ] {
            for k in -64i64..=64 {
                let b = (c.to_bits() as i64 + k) as u64;
                check_exp(f64::from_bits(b));
                check_exp(-f64::from_bits(b));
            }
        }
        let specials = [
            0.0,
            -0.0,
            1.0,
            f64::MIN_POSITIVE,
            f64::MIN_POSITIVE / 4.0,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -1.0,
            0.5,
            2.0,
            std::f64::consts::SQRT_2,
            std::f64::consts::FRAC_1_SQRT_2,
        ];
        for x in specials {
            check_exp(x);
            let mut o = [0.0];
            ln_into(&mut o, &[x]);
            let l = libm::log(x);
            assert!(
                o[0].to_bits() == l.to_bits() || (o[0].is_nan() && l.is_nan()),
                "ln({x})"
            );
        }
        for k in -2000i64..=2000 {
            check_ln(f64::from_bits((1f64.to_bits() as i64 + k) as u64));
            check_ln(f64::from_bits(
                (std::f64::consts::SQRT_2.to_bits() as i64 + k) as u64,
            ));
            check_ln(f64::from_bits(
                (std::f64::consts::FRAC_1_SQRT_2.to_bits() as i64 + k) as u64,
            ));
        }
        // in bulk (the vector loops)
        let xs: Vec<f64> = (0..1003).map(|i| (i as f64 - 500.0) * 0.0137).collect();
        let mut o = vec![0.0; xs.len()];
        exp_into(&mut o, &xs);
        for (a, &x) in o.iter().zip(&xs) {
            assert_eq!(a.to_bits(), libm::exp(x).to_bits());
        }
        let ys: Vec<f64> = xs.iter().map(|x| x.abs() * 7.3).collect();
        ln_into(&mut o, &ys);
        for (a, &x) in o.iter().zip(&ys) {
            assert_eq!(a.to_bits(), libm::log(x).to_bits());
        }
        // through the run-time dispatch (the widest vectors the CPU has), over the whole
        // ordinary range and its edges
        eprintln!("dispatch on this machine: {}", dispatch_name());
        let mut xs: Vec<f64> = (0..200_003)
            .map(|_| (s.uniform() * 2.0 - 1.0) * 760.0)
            .collect();
        xs.extend((0..50_000).map(|i| (2f64).powf(-40.0 + 0.001 * i as f64)));
        xs.extend([0.0, -0.0, f64::NAN, f64::INFINITY, 1e-300, 709.78, -745.1]);
        let mut o = vec![0.0; xs.len()];
        dispatch(
            #[inline(always)]
            || exp_into(&mut o, &xs),
        );
        for (a, &x) in o.iter().zip(&xs) {
            let e = libm::exp(x);
            assert!(
                a.to_bits() == e.to_bits() || (a.is_nan() && e.is_nan()),
                "exp({x:e})"
            );
        }
        let ys: Vec<f64> = xs.iter().map(|x| x.abs() * 1e-3).collect();
        dispatch(
            #[inline(always)]
            || ln_into(&mut o, &ys),
        );
        for (a, &x) in o.iter().zip(&ys) {
            let l = libm::log(x);
            assert!(
                a.to_bits() == l.to_bits() || (a.is_nan() && l.is_nan()),
                "ln({x:e})"
            );
        }
    }
}
