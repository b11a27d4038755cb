//! Held requests and lazy results: an operation's typed request read once and run any number of
//! times ([`Prepared`]), and its typed response held as it is ([`Held`]), converted to JSON only
//! when a field is read ([`Held::field`]) or the whole is asked for ([`Held::to_value`]).
//!
//! This is the per-call path of the front ends (Python's `renxing.prepare`, JS's `prepare`):
//! the JSON form of a request is converted and deserialised once, and what the operation's
//! [`Operation::hold`] step resolves (for `score` and `diagnose`: the framework and the
//! assessment, read, validated and shared) is not resolved again on each run. Every operation of
//! the registry can be prepared; a run gives what [`crate::call_json`] gives for the same
//! request (`tests/held.rs` checks it against every golden pair).
//!
//! ```
//! use renxing_ops::{call_json, held, Ctx};
//! let b = call_json("reference_case", serde_json::json!({"id": "b"}), &Ctx::default())?;
//! let score = held::prepare("score", serde_json::json!({"assessment": b}), &Ctx::default())?;
//! let card = score.run()?; // no JSON in, none out
//! let overall = card.field("overall")?.expect("a scorecard has `overall`");
//! assert_eq!(overall["level"], "medium");
//! assert_eq!(card.to_value()?, call_json("score", serde_json::json!({"assessment": b}), &Ctx::default())?);
//! # Ok::<(), renxing::Error>(())
//! ```

use std::any::Any;
use std::fmt;

use renxing::{ErrorCode, Msg, Problem};
use serde::ser::{self, Impossible, Serialize};
use serde_json::Value;

use crate::{read_request, Ctx, Error, Operation};

/// An operation's typed request, read and held (see the [module](self) docs): run it any number
/// of times with [`Prepared::run`].
pub struct Prepared {
    name: &'static str,
    ctx: Ctx,
    request: Box<dyn RunHeld>,
}

impl fmt::Debug for Prepared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Prepared")
            .field("operation", &self.name)
            .finish_non_exhaustive()
    }
}

/// A held typed request of some operation.
trait RunHeld: Send + Sync {
    fn run(&self, ctx: &Ctx) -> Result<Held, Error>;
}

struct Typed<O: Operation> {
    request: O::Request,
}

impl<O> RunHeld for Typed<O>
where
    O: Operation + 'static,
    O::Request: Clone + Send + Sync,
    O::Response: Send + Sync + fmt::Debug + 'static,
{
    fn run(&self, ctx: &Ctx) -> Result<Held, Error> {
        O::run(self.request.clone(), ctx).map(|r| Held::new(O::NAME, r))
    }
}

impl Prepared {
    /// Holds a typed request of operation `O` (its [`Operation::hold`] step run once, in a copy
    /// of `ctx`).
    ///
    /// # Errors
    /// What the hold step reports (for `score`: an invalid assessment, framework or options).
    pub fn new<O>(request: O::Request, ctx: &Ctx) -> Result<Self, Error>
    where
        O: Operation + 'static,
        O::Request: Clone + Send + Sync,
        O::Response: Send + Sync + fmt::Debug + 'static,
    {
        let mut ctx = ctx.clone();
        let request = O::hold(request, &mut ctx)?;
        Ok(Prepared {
            name: O::NAME,
            ctx,
            request: Box::new(Typed::<O> { request }),
        })
    }

    /// The operation's name.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The context it runs in (the caller's language and the framework it resolved).
    #[must_use]
    pub fn ctx(&self) -> &Ctx {
        &self.ctx
    }

    /// Runs the operation on the held request.
    ///
    /// # Errors
    /// The operation's own error, as [`crate::call_json`] would report it.
    pub fn run(&self) -> Result<Held, Error> {
        self.request.run(&self.ctx)
    }

    /// Runs it in another language (messages, and outputs whose request names no language).
    ///
    /// # Errors
    /// As [`Prepared::run`].
    pub fn run_in(&self, lang: renxing::Lang) -> Result<Held, Error> {
        if lang == self.ctx.lang {
            return self.run();
        }
        let ctx = Ctx {
            lang,
            framework: self.ctx.framework.clone(),
        };
        self.request.run(&ctx)
    }
}

/// A typed response held as it is: fields are converted when read.
trait Response: Send + Sync + fmt::Debug {
    fn serialize_to<'a>(&'a self) -> &'a (dyn ErasedSerialize + 'a);
    fn as_any(&self) -> &dyn Any;
}

/// `Serialize` of a concrete type behind a trait object: into a JSON value, or one field of it.
trait ErasedSerialize {
    fn to_value(&self) -> Result<Value, serde_json::Error>;
    fn field(&self, name: &str) -> Result<Picked, serde_json::Error>;
    fn keys(&self) -> Result<Option<Vec<String>>, serde_json::Error>;
}

impl<T: Serialize> ErasedSerialize for T {
    fn to_value(&self) -> Result<Value, serde_json::Error> {
        serde_json::to_value(self)
    }

    fn field(&self, name: &str) -> Result<Picked, serde_json::Error> {
        match self.serialize(FieldPicker { name }) {
            Ok(p) => Ok(p),
            Err(PickError::NotAStruct) => Ok(Picked::NotAStruct),
            Err(PickError::Json(e)) => Err(e),
        }
    }

    fn keys(&self) -> Result<Option<Vec<String>>, serde_json::Error> {
        match self.serialize(KeyLister) {
            Ok(keys) => Ok(Some(keys)),
            Err(PickError::NotAStruct) => Ok(None),
            Err(PickError::Json(e)) => Err(e),
        }
    }
}

impl<T: Serialize + Send + Sync + fmt::Debug + 'static> Response for T {
    fn serialize_to<'a>(&'a self) -> &'a (dyn ErasedSerialize + 'a) {
        self
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The response of one run of a [`Prepared`] request, held typed. Reading one field converts
/// that field only; [`Held::to_value`] converts the whole, equal to what [`crate::call_json`]
/// returns.
#[derive(Debug)]
pub struct Held {
    name: &'static str,
    value: Box<dyn Response>,
}

impl Held {
    fn new<T: Serialize + Send + Sync + fmt::Debug + 'static>(name: &'static str, v: T) -> Self {
        Held {
            name,
            value: Box::new(v),
        }
    }

    /// The name of the operation that made it.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The typed response, for a Rust caller that knows its type (`None` for another type).
    #[must_use]
    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.value.as_any().downcast_ref()
    }

    /// The whole response as JSON (what [`crate::call_json`] returns).
    ///
    /// # Errors
    /// [`ErrorCode::Internal`] if it cannot be converted (it cannot happen for the registry's
    /// responses).
    pub fn to_value(&self) -> Result<Value, Error> {
        self.value.serialize_to().to_value().map_err(internal)
    }

    /// One top-level field of the response as JSON, converting that field only; `None` when
    /// the response has no such field (or leaves it out, as a field skipped when empty).
    ///
    /// # Errors
    /// As [`Held::to_value`].
    pub fn field(&self, name: &str) -> Result<Option<Value>, Error> {
        match self.value.serialize_to().field(name).map_err(internal)? {
            Picked::Found(v) => Ok(Some(v)),
            Picked::Missing => Ok(None),
            // not a struct (a map, a list, a string): convert it and look the key up
            Picked::NotAStruct => Ok(self.to_value()?.get(name).cloned()),
        }
    }

    /// The names of the response's top-level fields, in order (an empty list for a response
    /// that is not an object).
    ///
    /// # Errors
    /// As [`Held::to_value`].
    pub fn keys(&self) -> Result<Vec<String>, Error> {
        match self.value.serialize_to().keys().map_err(internal)? {
            Some(keys) => Ok(keys),
            None => Ok(match self.to_value()? {
                Value::Object(m) => m.keys().cloned().collect(),
                _ => Vec::new(),
            }),
        }
    }
}

fn internal(e: serde_json::Error) -> Error {
    Problem::new(
        ErrorCode::Internal,
        Msg::new(
            format!("无法转换结果:{e}"),
            format!("could not convert the result: {e}"),
        ),
    )
    .into()
}

/// What [`FieldPicker`] found.
enum Picked {
    Found(Value),
    Missing,
    NotAStruct,
}

#[derive(Debug)]
enum PickError {
    NotAStruct,
    Json(serde_json::Error),
}

impl fmt::Display for PickError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PickError::NotAStruct => f.write_str("not a struct"),
            PickError::Json(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for PickError {}

impl ser::Error for PickError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        PickError::Json(<serde_json::Error as ser::Error>::custom(msg))
    }
}

/// A serializer that accepts a struct only and converts the one field named `name`.
struct FieldPicker<'n> {
    name: &'n str,
}

/// Collects the field of a struct named `name`.
struct PickStruct<'n> {
    name: &'n str,
    found: Option<Value>,
}

impl ser::SerializeStruct for PickStruct<'_> {
    type Ok = Picked;
    type Error = PickError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), PickError> {
        if self.found.is_none() && key == self.name {
            self.found = Some(serde_json::to_value(value).map_err(PickError::Json)?);
        }
        Ok(())
    }

    fn end(self) -> Result<Picked, PickError> {
        Ok(self.found.map_or(Picked::Missing, Picked::Found))
    }
}

/// A serializer that accepts a struct only and lists its fields.
struct KeyLister;

/// Collects the fields of a struct.
struct ListStruct(Vec<String>);

impl ser::SerializeStruct for ListStruct {
    type Ok = Vec<String>;
    type Error = PickError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        _value: &T,
    ) -> Result<(), PickError> {
        self.0.push(key.to_owned());
        Ok(())
    }

    fn end(self) -> Result<Vec<String>, PickError> {
        Ok(self.0)
    }
}

/// The methods of a serializer that refuses everything but a struct (and sees through a
/// newtype struct).
macro_rules! only_structs {
    ($ok:ty) => {
        type Ok = $ok;
        type Error = PickError;
        type SerializeSeq = Impossible<$ok, PickError>;
        type SerializeTuple = Impossible<$ok, PickError>;
        type SerializeTupleStruct = Impossible<$ok, PickError>;
        type SerializeTupleVariant = Impossible<$ok, PickError>;
        type SerializeMap = Impossible<$ok, PickError>;
        type SerializeStructVariant = Impossible<$ok, PickError>;

        fn serialize_bool(self, _: bool) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_i8(self, _: i8) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_i16(self, _: i16) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_i32(self, _: i32) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_i64(self, _: i64) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_u8(self, _: u8) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_u16(self, _: u16) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_u32(self, _: u32) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_u64(self, _: u64) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_f32(self, _: f32) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_f64(self, _: f64) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_char(self, _: char) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_str(self, _: &str) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_bytes(self, _: &[u8]) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_none(self) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_unit(self) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_unit_struct(self, _: &'static str) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
        ) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_newtype_struct<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            value: &T,
        ) -> Result<$ok, PickError> {
            value.serialize(self)
        }
        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<$ok, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, PickError> {
            Err(PickError::NotAStruct)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, PickError> {
            Err(PickError::NotAStruct)
        }
    };
}

impl<'n> ser::Serializer for FieldPicker<'n> {
    only_structs!(Picked);
    type SerializeStruct = PickStruct<'n>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<PickStruct<'n>, PickError> {
        Ok(PickStruct {
            name: self.name,
            found: None,
        })
    }
}

impl ser::Serializer for KeyLister {
    only_structs!(Vec<String>);
    type SerializeStruct = ListStruct;

    fn serialize_struct(self, _: &'static str, n: usize) -> Result<ListStruct, PickError> {
        Ok(ListStruct(Vec::with_capacity(n)))
    }
}

macro_rules! prepare_impl {
    ($( ($op:ident, $name:literal, $js:literal) ),+ $(,)?) => {
        /// Reads a request of the operation `name` from JSON (as [`crate::call_json`] does, `null`
        /// = an empty request) and holds it, its [`Operation::hold`] step done.
        ///
        /// # Errors
        /// [`ErrorCode::UnknownOperation`], a malformed request, or what the hold step reports
        /// (located as a run would locate it).
        pub fn prepare(name: &str, request: Value, ctx: &Ctx) -> Result<Prepared, Error> {
            match name {
                $( $name => Prepared::new::<crate::$op>(read_request(<crate::$op as Operation>::NAME, request)?, ctx), )+
                _ => Err(crate::unknown_operation(name)),
            }
        }
    };
}

crate::for_each_operation!(prepare_impl);
