//! The typed vocabulary of the paper's framework as Python enums: `Level`, `Attribute`,
//! `Dimension`, `Mode`, `Phase`. Comparable (in the documented order), hashable, with `.id`,
//! `.code`, `.label(lang)`, `from_id`, `from_code` and `all()`.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::{convert, errors, lang};

macro_rules! py_enum {
    (
        $(#[$meta:meta])*
        $py:ident = $core:ident, $pyname:literal { $( $variant:ident => $pv:literal ),+ $(,)? }
        $( extra { $($extra:tt)* } )?
    ) => {
        $(#[$meta])*
        #[pyclass(module = "renxing", name = $pyname, eq, ord, hash, frozen, from_py_object)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $py {
            $( #[pyo3(name = $pv)] $variant, )+
        }

        impl From<$py> for renxing::$core {
            fn from(v: $py) -> Self {
                match v { $( $py::$variant => renxing::$core::$variant, )+ }
            }
        }

        impl From<renxing::$core> for $py {
            fn from(v: renxing::$core) -> Self {
                match v { $( renxing::$core::$variant => $py::$variant, )+ }
            }
        }

        impl $py {
            /// The core value.
            pub fn core(self) -> renxing::$core {
                self.into()
            }
        }

        #[pymethods]
        impl $py {
            /// The stable string id.
            #[getter]
            fn id(&self) -> &'static str {
                self.core().id()
            }

            /// The numeric code.
            #[getter]
            fn code(&self) -> u8 {
                self.core().code()
            }

            /// The label in a language (`"zh"`, `"en"`; default: `renxing.get_lang()`).
            #[pyo3(signature = (lang=None))]
            fn label(&self, lang: Option<&str>) -> PyResult<&'static str> {
                Ok(self.core().label(lang::resolve(lang)?))
            }

            /// The value with this id.
            #[staticmethod]
            fn from_id(id: &str) -> PyResult<Self> {
                id.parse::<renxing::$core>().map(Self::from).map_err(errors::id)
            }

            /// The value with this numeric code.
            #[staticmethod]
            fn from_code(code: i64) -> PyResult<Self> {
                let c = u8::try_from(code).unwrap_or(u8::MAX);
                renxing::$core::try_from(c).map(Self::from).map_err(|_| {
                    let codes: Vec<String> =
                        renxing::$core::ALL.iter().map(|v| v.code().to_string()).collect();
                    let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
                    errors::id(renxing::IdError::new(
                        renxing::Text {
                            zh: concat!($pyname, " 代码"),
                            en: concat!($pyname, " code"),
                        },
                        &code.to_string(),
                        &refs,
                    ))
                })
            }

            /// Every value, in the documented order.
            #[staticmethod]
            fn all() -> Vec<Self> {
                renxing::$core::ALL.iter().map(|v| Self::from(*v)).collect()
            }

            fn __str__(&self) -> &'static str {
                self.core().id()
            }

            fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
                let f = slf.as_any().get_type().getattr("from_id")?;
                let args = PyTuple::new(slf.py(), [slf.get().core().id()])?;
                Ok((f, args))
            }

            $( $($extra)* )?
        }
    };
}

py_enum! {
    /// The paper's three ordinal levels: LOW < MEDIUM < HIGH (codes 1, 2, 3).
    Level = Level, "Level" { Low => "LOW", Medium => "MEDIUM", High => "HIGH" }
}

py_enum! {
    /// The three resilience attributes.
    Attribute = Attribute, "Attribute" {
        Robustness => "ROBUSTNESS", Redundancy => "REDUNDANCY", Connectivity => "CONNECTIVITY",
    }
    extra {
    /// The attribute's dimensions, in order.
    fn dimensions(&self) -> Vec<Dimension> {
        self.core().dimensions().map(Dimension::from).collect()
    }

    /// What the attribute means.
    #[pyo3(signature = (lang=None))]
    fn description(&self, lang: Option<&str>) -> PyResult<&'static str> {
        Ok(self.core().description().get(lang::resolve(lang)?))
    }
    }
}

py_enum! {
    /// The eight analysis dimensions, in the paper's order.
    Dimension = Dimension, "Dimension" {
        NeedsMet => "NEEDS_MET",
        ResourceLinkage => "RESOURCE_LINKAGE",
        Rules => "RULES",
        EmergencyKnowledge => "EMERGENCY_KNOWLEDGE",
        VolunteerTeams => "VOLUNTEER_TEAMS",
        ItUse => "IT_USE",
        GovernmentConnectivity => "GOVERNMENT_CONNECTIVITY",
        ResidentConnectivity => "RESIDENT_CONNECTIVITY",
    }
    extra {
    /// The attribute this dimension belongs to.
    #[getter]
    fn attribute(&self) -> Attribute {
        self.core().attribute().into()
    }

    /// What is judged on this dimension.
    #[pyo3(signature = (lang=None))]
    fn description(&self, lang: Option<&str>) -> PyResult<&'static str> {
        Ok(self.core().description().get(lang::resolve(lang)?))
    }
    }
}

py_enum! {
    /// The three governance modes of 表2.
    Mode = Mode, "Mode" {
        SocialWorkerDriven => "SOCIAL_WORKER_DRIVEN",
        GovernmentLed => "GOVERNMENT_LED",
        DigitalEmbedded => "DIGITAL_EMBEDDED",
    }
    extra {
    /// The mode's row of 表2 (driving factor, advantages, defects, promotability, reference case).
    fn profile<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let v = convert::ser_to_py(py, self.core().profile())?;
        Ok(v.cast_into::<PyDict>()?)
    }
    }
}

py_enum! {
    /// The phases of the full cycle.
    Phase = Phase, "Phase" {
        Preparedness => "PREPAREDNESS", Response => "RESPONSE", Recovery => "RECOVERY",
        Learning => "LEARNING",
    }
}

/// The id of any renxing enum instance.
pub fn any_id(obj: &Bound<'_, PyAny>) -> Option<&'static str> {
    if let Ok(v) = obj.cast::<Level>() {
        return Some(v.get().core().id());
    }
    if let Ok(v) = obj.cast::<Dimension>() {
        return Some(v.get().core().id());
    }
    if let Ok(v) = obj.cast::<Attribute>() {
        return Some(v.get().core().id());
    }
    if let Ok(v) = obj.cast::<Mode>() {
        return Some(v.get().core().id());
    }
    if let Ok(v) = obj.cast::<Phase>() {
        return Some(v.get().core().id());
    }
    None
}

/// Registers the enums.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Level>()?;
    m.add_class::<Attribute>()?;
    m.add_class::<Dimension>()?;
    m.add_class::<Mode>()?;
    m.add_class::<Phase>()?;
    Ok(())
}
