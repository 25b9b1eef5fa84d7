//! Types read only from a JSON object. serde's derive also reads a struct from an array of its
//! fields in order (`"name": [null, "x"]`), which no client means and the OpenAPI document does not
//! allow; the types that nest inside request bodies refuse it. (The server refuses a body that is not
//! an object itself.)
//!
//! A type opts in with `#[serde(remote = "Self")]` next to its derives (which then generate inherent
//! `serialize`/`deserialize` functions) and `object_only!(Type);`, which implements the traits on
//! them, reading through a visitor that takes maps only.

macro_rules! object_only {
    ($($ty:ident),+ $(,)?) => {$(
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $ty::serialize(self, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectOnly;
                impl<'de> serde::de::Visitor<'de> for ObjectOnly {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("an object")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<$ty, A::Error> {
                        $ty::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    }
                }
                deserializer.deserialize_map(ObjectOnly)
            }
        }
    )+};
}
pub(crate) use object_only;

#[cfg(test)]
mod tests {
    use crate::LocalizedText;

    #[test]
    fn a_nested_type_is_read_from_an_object_only() {
        let text: LocalizedText = serde_json::from_str(r#"{"fr": "Béjaïa", "xx": 1}"#).unwrap();
        assert_eq!(text.fr.as_deref(), Some("Béjaïa"));
        assert_eq!(serde_json::to_string(&text).unwrap(), r#"{"fr":"Béjaïa"}"#);
        let error = serde_json::from_str::<LocalizedText>(r#"[null, "Béjaïa"]"#).unwrap_err();
        assert!(error.to_string().contains("expected an object"), "{error}");
    }
}
