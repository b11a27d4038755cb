//! The numeric buffer path of the `indicators` operation (`indicators_of_array` and the array
//! form `pipeline_arrays`) against the operation itself: the same request on a column-major
//! buffer gives the operation's response once the arrays are put back in their places.

use renxing::{Lang, Path, PathSeg};
use renxing_ops::{
    call_json, indicators_of_array, pipeline_arrays, read_request, ArrayData, Ctx,
    IndicatorsRequest,
};
use serde_json::{json, Value};

fn at<'a>(v: &'a mut Value, p: &Path) -> &'a mut Value {
    let mut cur = v;
    for s in &p.0 {
        cur = match s {
            PathSeg::Key(k) => &mut cur[k.as_str()],
            PathSeg::Index(i) => &mut cur[*i],
        };
    }
    cur
}

fn request(values: Vec<Value>) -> Value {
    json!({
        "data": {
            "units": ["east", "west", "north", "south", "centre"],
            "indicators": [
                {"id": "volunteers", "dimension": "participation"},
                {"id": "wechat", "dimension": "it_use"},
                {"id": "drills", "dimension": "participation"},
                {"id": "response_min", "dimension": "it_use", "direction": "cost"}
            ],
            "values": values,
            "hierarchy": {
                "dimensions": [
                    {"id": "participation", "parent": "connectivity"},
                    {"id": "it_use", "parent": "capacity"}
                ],
                "attributes": [{"id": "connectivity"}, {"id": "capacity"}]
            }
        },
        "pipeline": {"steps": [
            {"step": "check"}, {"step": "impute", "method": "mean"}, {"step": "normalise"},
            {"step": "weight", "method": "entropy"}, {"step": "aggregate"},
            {"step": "band", "levels": ["low", "medium", "high"], "thresholds": [40, 60]},
            {"step": "topsis"}, {"step": "obstacle", "top": 2}, {"step": "rank"}
        ], "keep_intermediates": true}
    })
}

#[test]
fn array_form_is_the_operations_response() {
    let rows: [[f64; 4]; 5] = [
        [12.0, 0.4, 2.0, 30.0],
        [30.0, 0.9, f64::NAN, 12.0],
        [18.0, 0.6, 4.0, 20.0],
        [25.0, 0.2, 1.0, 45.0],
        [8.0, 0.7, 3.0, 25.0],
    ];
    let flat: Vec<Value> = rows
        .iter()
        .flatten()
        .map(|v| if v.is_nan() { Value::Null } else { json!(v) })
        .collect();
    let ctx = Ctx::with_lang(Lang::En);
    let general =
        call_json("indicators", request(flat), &ctx).unwrap_or_else(|e| unreachable!("{e}"));

    // column-major buffer with one padding value per column (a sliced Fortran array)
    let mut buf = vec![-1.0; 6 * 4];
    for (i, r) in rows.iter().enumerate() {
        for (j, v) in r.iter().enumerate() {
            buf[j * 6 + i] = *v;
        }
    }
    let req: IndicatorsRequest =
        read_request("indicators", request(Vec::new())).unwrap_or_else(|e| unreachable!("{e}"));
    let result = indicators_of_array(req, 5, 4, &buf, 1, 6).unwrap_or_else(|e| unreachable!("{e}"));
    let (mut skeleton, arrays) =
        pipeline_arrays(result, false).unwrap_or_else(|e| unreachable!("{e}"));
    assert!(arrays.len() > 15, "{} arrays", arrays.len());

    // the general response in array form: table rows left out, check units as columns
    let mut expected = general.clone();
    let mut checked = 0;
    for a in &arrays {
        let v: Vec<Value> = match &a.data {
            ArrayData::F64(v) => v
                .iter()
                .map(|x| if x.is_nan() { Value::Null } else { json!(x) })
                .collect(),
            ArrayData::I64(v) => v.iter().map(|x| json!(x)).collect(),
            ArrayData::I16(v) => v.iter().map(|x| json!(x)).collect(),
            ArrayData::Bool(v) => v.iter().map(|x| json!(x)).collect(),
        };
        let n = a.shape.iter().product::<usize>();
        assert_eq!(v.len(), n, "{}", a.path);
        *at(&mut skeleton, &a.path) = Value::Array(v);
        if let [.., PathSeg::Key(k)] = &a.path.0[..] {
            if k == "values" {
                let mut table = a.path.clone();
                table.0.pop();
                *at(&mut expected, &table.key("rows")) = json!([]);
            }
        }
        checked += 1;
    }
    // check units: records → columns
    let units = expected["steps"][0]["report"]["units"].take();
    let col = |k: &str| {
        Value::Array(
            units
                .as_array()
                .into_iter()
                .flatten()
                .map(|u| u[k].clone())
                .collect(),
        )
    };
    expected["steps"][0]["report"]["units"] = json!({
        "available": col("available"), "share": col("share"),
        "zero_share": col("zero_share"), "passed": col("passed")
    });
    assert!(checked > 15);
    assert_eq!(skeleton, expected);
    // and the numbers are real: TOPSIS closeness in (0, 1), the best unit ranked 1
    let c = &general["steps"][6]["report"]["result"]["closeness"];
    assert_eq!(c.as_array().map(Vec::len), Some(5));
}

#[test]
fn array_errors_name_the_cell_and_the_shape() {
    let req: IndicatorsRequest =
        read_request("indicators", request(Vec::new())).unwrap_or_else(|e| unreachable!("{e}"));
    // an infinite value: named by [unit, indicator] in the array
    let mut buf = [1.0, 2.0, 3.0, 4.0].repeat(5);
    buf[2 * 4 + 1] = f64::INFINITY;
    let e = indicators_of_array(req.clone(), 5, 4, &buf, 4, 1).err();
    let e = e.unwrap_or_else(|| unreachable!());
    assert_eq!(
        e.path().map(|p| p.to_string()).as_deref(),
        Some("array[2][1]"),
        "{e}"
    );
    // three columns for four indicators
    let e = indicators_of_array(req, 5, 3, &buf, 4, 1)
        .err()
        .unwrap_or_else(|| unreachable!());
    assert_eq!(e.code().as_str(), "indicator_input");
    assert!(e.to_string().contains("indicators"), "{e}");
}

#[test]
fn row_major_buffers_take_their_length_from_the_request() {
    let req: IndicatorsRequest =
        read_request("indicators", request(Vec::new())).unwrap_or_else(|e| unreachable!("{e}"));
    let rows: Vec<f64> = (0..20).map(|k| 1.0 + f64::from(k % 7) * 3.0).collect();
    let a =
        renxing_ops::indicators_of_rows(req.clone(), &rows).unwrap_or_else(|e| unreachable!("{e}"));
    let b =
        indicators_of_array(req.clone(), 5, 4, &rows, 4, 1).unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(a, b);
    assert_eq!(a.units.len(), 5);
    // 19 values for 5 named units × 4 indicators
    let e = renxing_ops::indicators_of_rows(req.clone(), &rows[..19]).err();
    let e = e.unwrap_or_else(|| unreachable!());
    assert_eq!(
        e.path().map(|p| p.to_string()).as_deref(),
        Some("array"),
        "{e}"
    );
    // no units named: 20 / 4 = 5 units by position
    let mut unnamed = req;
    unnamed.data.units.clear();
    let c = renxing_ops::indicators_of_rows(unnamed.clone(), &rows)
        .unwrap_or_else(|e| unreachable!("{e}"));
    // carried as positions, not as id strings; the array form gives them as ints
    assert!(c.units.is_empty());
    assert_eq!(c.positions.as_deref(), Some(&[0, 1, 2, 3, 4][..]));
    let (json, arrays) = pipeline_arrays(c, true).unwrap_or_else(|e| unreachable!("{e}"));
    let units = arrays.iter().find(|a| a.path.to_string() == "units");
    assert_eq!(
        units.map(|a| &a.data),
        Some(&ArrayData::I64(vec![0, 1, 2, 3, 4]))
    );
    assert_eq!(json["units"], json!([]));
    // an excluded unit: the positions of the units kept, the excluded one named by position
    let mut holes = rows.clone();
    holes[4..7].fill(f64::NAN); // unit 1: one value of 4 (below the 0.66 availability)
    if let Some(renxing::composite::Step::Check(c)) = unnamed.pipeline.steps.get_mut(0) {
        c.action = renxing::composite::CheckAction::Exclude;
    }
    let c =
        renxing_ops::indicators_of_rows(unnamed, &holes).unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(c.positions.as_deref(), Some(&[0, 2, 3, 4][..]));
    assert_eq!(
        c.check().map(|r| r.excluded_units.clone()),
        Some(vec!["1".to_string()])
    );
}
