//! The functionality-curve chart (Bruneau's resilience triangle): Q(t) as sampled, the baseline,
//! the loss area `∫ (b − Q)⁺ dt` shaded exactly as it is integrated (the interpolant with the
//! baseline crossings inserted), the event start, the time to recover marked from the event
//! start to the recovery, the horizon, and the numbers in a caption.

use std::fmt::Write as _;

use super::svg::{self, num, text, text_width};
use super::{ChartError, ChartOptions};
use crate::curve::{CurveReport, Series};
use crate::lang::{Lang, Text};
use crate::ui;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 400.0;

const DESC: Text = Text {
    zh: "功能曲线图:横轴为时间,纵轴为功能水平;虚线为事件前基线,阴影为损失面积,标出事件开始与恢复时间。",
    en: "Functionality curve: time across, functionality up; the dashed line is the pre-event baseline, the shaded region the loss area; the event start and the time to recover are marked.",
};

/// A number for labels: up to 3 significant decimals, no trailing zeros.
fn short(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// "Nice" axis ticks covering `[lo, hi]`.
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = (hi - lo).max(f64::MIN_POSITIVE);
    let raw = span / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let start = (lo / step).ceil() * step;
    let mut out = Vec::new();
    let mut v = start;
    while v <= hi + step * 1e-9 && out.len() < 20 {
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        v += step;
    }
    out
}

#[allow(clippy::too_many_lines)]
pub(super) fn render(
    series: &Series,
    report: &CurveReport,
    options: &ChartOptions,
) -> Result<String, ChartError> {
    if series.validate().is_err() {
        return Err(ChartError::Shape {
            field: "series".to_owned(),
            expected: "a valid series (≥ 2 samples, equal lengths, finite, times increasing)"
                .to_owned(),
            found: format!("{} times, {} values", series.time.len(), series.value.len()),
        });
    }
    if report.samples != series.time.len() {
        return Err(ChartError::Shape {
            field: "report.samples".to_owned(),
            expected: series.time.len().to_string(),
            found: report.samples.to_string(),
        });
    }
    let (w, h) = super::size(options, (WIDTH, HEIGHT))?;
    let lang = options.lang;
    let prefix = svg::clean_prefix(&options.id_prefix);
    let (t, q) = (&series.time[..], &series.value[..]);
    let b = report.baseline;
    let (t0, horizon) = (report.settings.event_start, report.settings.horizon);
    let (x_lo, x_hi) = (t[0], t[t.len() - 1]);
    let q_max = q.iter().copied().fold(b, f64::max);
    let q_min = q.iter().copied().fold(b, f64::min);
    let y_lo = if q_min >= 0.0 { 0.0 } else { q_min * 1.1 };
    let y_hi = if q_max > 0.0 { q_max * 1.1 } else { 1.0 };
    let yt = ticks(y_lo, y_hi);
    let xt = ticks(x_lo, x_hi);
    let axis_w = yt
        .iter()
        .map(|v| text_width(&short(*v), 11.0))
        .fold(0.0, f64::max);

    let left = 34.0 + axis_w + 8.0;
    let right = w - 20.0;
    let top = 52.0;
    let bottom = h - 96.0;
    let x_of = |x: f64| left + (right - left) * (x - x_lo) / (x_hi - x_lo);
    let y_of = |y: f64| bottom - (bottom - top) * (y - y_lo) / (y_hi - y_lo);

    let title = options.title.clone().unwrap_or_else(|| {
        format!(
            "{} · {}",
            ui::CURVE.get(lang),
            report.paper.level.label(lang)
        )
    });
    let colon = match lang {
        Lang::Zh => ":",
        Lang::En => ": ",
    };
    let recover = report
        .time_to_recover
        .map_or_else(|| ui::NOT_RECOVERED_YET.get(lang).to_owned(), short);
    let facts = [
        format!("{}{colon}{}", ui::BASELINE.get(lang), short(b)),
        format!("{}{colon}{}", ui::DEPTH.get(lang), short(report.depth)),
        format!(
            "{}{colon}{}",
            ui::LOSS_AREA.get(lang),
            short(report.loss_area)
        ),
        format!("{}{colon}{recover}", ui::TIME_TO_RECOVER.get(lang)),
        format!(
            "{}{colon}{}",
            ui::END_STATE.get(lang),
            report.end_state.label(lang)
        ),
    ];
    let desc = format!("{} {}", DESC.get(lang), facts.join("; "));

    let mut out = String::new();
    svg::open(&mut out, (w, h), (w, h), &prefix, &title, &desc);
    text(
        &mut out,
        w / 2.0,
        28.0,
        17.0,
        "middle",
        "font-weight=\"bold\" fill=\"#111111\"",
        std::slice::from_ref(&title),
        false,
    );

    // Grid and axes.
    out.push_str("<g class=\"rx-grid\">\n");
    for v in &yt {
        let y = y_of(*v);
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#dddddd\"/>",
            num(left),
            num(y),
            num(right),
            num(y)
        );
        text(
            &mut out,
            left - 6.0,
            y + 4.0,
            11.0,
            "end",
            "fill=\"#444444\"",
            &[short(*v)],
            false,
        );
    }
    for v in &xt {
        let x = x_of(*v);
        text(
            &mut out,
            x,
            bottom + 16.0,
            11.0,
            "middle",
            "fill=\"#444444\"",
            &[short(*v)],
            false,
        );
    }
    let _ = writeln!(
        out,
        "<path d=\"M{} {}V{}H{}\" fill=\"none\" stroke=\"#333333\"/>",
        num(left),
        num(top),
        num(bottom),
        num(right)
    );
    text(
        &mut out,
        (left + right) / 2.0,
        bottom + 34.0,
        12.0,
        "middle",
        "fill=\"#222222\"",
        &[ui::TIME.get(lang).to_owned()],
        false,
    );
    let _ = writeln!(
        out,
        "<text x=\"14\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#222222\" transform=\"rotate(-90 14 {})\">{}</text>",
        num((top + bottom) / 2.0),
        num((top + bottom) / 2.0),
        svg::esc(ui::FUNCTIONALITY.get(lang))
    );
    out.push_str("</g>\n");

    // Loss area: the interpolant clipped at the baseline over [t0, T], closed along the baseline.
    let mut knots: Vec<(f64, f64)> = Vec::new();
    let mut push = |x: f64, y: f64| knots.push((x, y));
    let interp = |x: f64| {
        let i = t.partition_point(|&ti| ti < x);
        if i == 0 {
            q[0]
        } else if i >= t.len() {
            q[t.len() - 1]
        } else if t[i] == x {
            q[i]
        } else {
            q[i - 1] + (q[i] - q[i - 1]) * (x - t[i - 1]) / (t[i] - t[i - 1])
        }
    };
    let mut inner: Vec<f64> = vec![t0];
    inner.extend(t.iter().copied().filter(|&x| x > t0 && x < horizon));
    inner.push(horizon);
    for pair in inner.windows(2) {
        let (a, c) = (pair[0], pair[1]);
        let (qa, qc) = (interp(a), interp(c));
        push(a, qa.min(b));
        if (qa - b) * (qc - b) < 0.0 {
            let s = a + (c - a) * (b - qa) / (qc - qa);
            push(s, b);
        }
    }
    push(horizon, interp(horizon).min(b));
    if report.loss_area > 0.0 {
        let mut d = format!("M{} {}", num(x_of(t0)), num(y_of(b)));
        for (x, y) in &knots {
            let _ = write!(d, "L{} {}", num(x_of(*x)), num(y_of(*y)));
        }
        let _ = write!(d, "L{} {}Z", num(x_of(horizon)), num(y_of(b)));
        let _ = writeln!(
            out,
            "<path class=\"rx-loss\" d=\"{d}\" fill=\"#D55E00\" fill-opacity=\"0.28\" stroke=\"none\"><title>{}{colon}{}</title></path>",
            svg::esc(ui::LOSS_AREA.get(lang)),
            short(report.loss_area)
        );
    }

    // Baseline.
    let _ = writeln!(
        out,
        "<line class=\"rx-baseline\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#0072B2\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"><title>{}{colon}{}</title></line>",
        num(left),
        num(y_of(b)),
        num(right),
        num(y_of(b)),
        svg::esc(ui::BASELINE.get(lang)),
        short(b)
    );
    text(
        &mut out,
        left + 4.0,
        y_of(b) + 14.0,
        11.0,
        "start",
        "fill=\"#0072B2\"",
        &[format!("{} {}", ui::BASELINE.get(lang), short(b))],
        false,
    );

    // Event start and horizon.
    let vline = |out: &mut String, class: &str, x: f64, colour: &str, dash: &str| {
        let _ = writeln!(
            out,
            "<line class=\"{class}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{colour}\" stroke-dasharray=\"{dash}\"/>",
            num(x_of(x)),
            num(top),
            num(x_of(x)),
            num(bottom)
        );
    };
    vline(&mut out, "rx-event", t0, "#555555", "2 3");
    text(
        &mut out,
        x_of(t0) + 3.0,
        top + 10.0,
        11.0,
        "start",
        "fill=\"#333333\"",
        &[format!("{} t₀={}", ui::EVENT_START.get(lang), short(t0))],
        false,
    );
    if horizon < x_hi {
        vline(&mut out, "rx-horizon", horizon, "#999999", "1 3");
    }

    // The curve itself.
    let pts: Vec<String> = t
        .iter()
        .zip(q)
        .map(|(x, y)| format!("{},{}", num(x_of(*x)), num(y_of(*y))))
        .collect();
    let _ = writeln!(
        out,
        "<polyline class=\"rx-curve\" points=\"{}\" fill=\"none\" stroke=\"#000000\" stroke-width=\"2\" stroke-linejoin=\"round\"/>",
        pts.join(" ")
    );
    for (x, y) in t.iter().zip(q) {
        let _ = writeln!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"#000000\"><title>{} {}</title></circle>",
            num(x_of(*x)),
            num(y_of(*y)),
            short(*x),
            short(*y)
        );
    }

    // Time to recover: a bracket from t0 to the recovery, and the recovery point.
    if let (Some(at), Some(tr)) = (report.recovered_at, report.time_to_recover) {
        if tr > 0.0 {
            let y = bottom + 50.0;
            vline(&mut out, "rx-recovered", at, "#009E73", "4 3");
            let _ = writeln!(
                out,
                "<path class=\"rx-recovery-time\" d=\"M{} {}V{}H{}V{}\" fill=\"none\" stroke=\"#009E73\" stroke-width=\"1.5\"/>",
                num(x_of(t0)),
                num(y - 5.0),
                num(y),
                num(x_of(at)),
                num(y - 5.0)
            );
            text(
                &mut out,
                (x_of(t0) + x_of(at)) / 2.0,
                y + 14.0,
                11.0,
                "middle",
                "fill=\"#00704f\"",
                &[format!(
                    "{} T_RE={}",
                    ui::TIME_TO_RECOVER.get(lang),
                    short(tr)
                )],
                false,
            );
        }
    } else {
        text(
            &mut out,
            (left + right) / 2.0,
            bottom + 64.0,
            11.0,
            "middle",
            "fill=\"#a33d00\"",
            &[format!(
                "{}{colon}{}",
                ui::TIME_TO_RECOVER.get(lang),
                ui::NOT_RECOVERED_YET.get(lang)
            )],
            false,
        );
    }

    // Caption with the numbers, on two lines.
    let sep = if lang == Lang::Zh { ";" } else { "; " };
    text(
        &mut out,
        16.0,
        h - 24.0,
        11.0,
        "start",
        "class=\"rx-facts\" fill=\"#222222\"",
        &[
            svg::truncate(&facts[..3].join(sep), 11.0, w - 32.0),
            svg::truncate(&facts[3..].join(sep), 11.0, w - 32.0),
        ],
        false,
    );
    out.push_str("</svg>\n");
    Ok(out)
}
