//! One `Endpoint` per route: its method, path template, request and response types.
//! The SPA, the integration tests and partners call the API through these with [`crate::Client`];
//! a test checks that every one of them is in the server's OpenAPI document.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::ids::PathArgs;

/// An HTTP method the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// No request body or query.
pub type NoRequest = ();
/// A `204 No Content` or `202 Accepted` answer without a body.
pub type NoContent = ();

/// A route of the API. `Request` is sent as the query string for GET and as the JSON body otherwise
/// (`()` sends nothing); `Response` is the JSON of the success answer (`()` for an empty one).
pub trait Endpoint {
    const METHOD: Method;
    /// The path template, with `{name}` placeholders filled in order from the call's path arguments.
    const PATH: &'static str;
    /// The path arguments, in the order of the placeholders: `()`, one typed id, or a tuple.
    type Path: PathArgs;
    type Request: Serialize;
    type Response: DeserializeOwned;
}

macro_rules! endpoints {
    ($( $(#[$doc:meta])* $name:ident: $method:ident $path:literal $([$args:ty])?, $req:ty => $resp:ty; )*) => {
        $(
            $(#[$doc])*
            pub struct $name;
            impl Endpoint for $name {
                const METHOD: Method = Method::$method;
                const PATH: &'static str = $path;
                type Path = endpoints!(@path $($args)?);
                type Request = $req;
                type Response = $resp;
            }
        )*
        /// Every endpoint, as (method, path template).
        pub const ALL: &[(Method, &str)] = &[$((Method::$method, $path)),*];
        /// Every endpoint's path template with the number of path arguments its type takes.
        #[cfg(test)]
        pub(crate) const ARITIES: &[(&str, usize)] = &[$(($path, <<$name as Endpoint>::Path as PathArgs>::ARITY)),*];
    };
    (@path) => { () };
    (@path $args:ty) => { $args };
}

mod list;

pub use list::*;

/// The address of endpoint `E` with its path arguments.
pub fn path_of<E: Endpoint>(args: &E::Path) -> String {
    fill_path(E::PATH, &args.segments())
}

/// Fill `{placeholders}` of `template` in order with `args` (percent-encoded).
pub fn fill_path(template: &str, args: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map_or(rest.len(), |e| start + e + 1);
        match args.next() {
            Some(a) => encode_segment(a, &mut out),
            None => out.push_str(&rest[start..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn encode_segment(s: &str, out: &mut String) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::list::ARITIES;
    use super::*;
    use crate::ids::LessonId;
    use crate::text::Language;

    #[test]
    fn fills_placeholders_in_order_and_encodes() {
        assert_eq!(path_of::<ListCommunes>(&"06".parse().unwrap()), "/api/v1/territories/wilayas/06/communes");
        assert_eq!(fill_path("/a/{x}/b/{y}", &["1 2".into(), "é".into()]), "/a/1%202/b/%C3%A9");
        let lesson = LessonId(uuid::Uuid::nil());
        assert_eq!(
            path_of::<GetLessonCaptions>(&(lesson, Language::Ar)),
            "/api/v1/media/lesson-captions/00000000-0000-0000-0000-000000000000/ar"
        );
    }

    #[test]
    fn every_endpoint_takes_as_many_path_arguments_as_it_has_placeholders() {
        for (path, arity) in ARITIES {
            assert_eq!(path.matches('{').count(), *arity, "{path}");
        }
    }

    #[test]
    fn every_path_is_unique_per_method() {
        let mut seen = std::collections::HashSet::new();
        for (m, p) in ALL {
            assert!(seen.insert((*m, *p)), "{} {p} twice", m.as_str());
        }
    }
}
