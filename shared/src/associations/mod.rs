//! The association registry: profiles, members and roles, join requests, verification, the directory.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::ids::{
    AssociationId, AuditEntryId, CourseId, ImportId, InvitationId, JoinRequestId, NotificationId, UserId,
};
use crate::text::LocalizedText;

mod directory;
mod members;
mod profile;
mod staff;

pub use directory::*;
pub use members::*;
pub use profile::*;
pub use staff::*;

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use string_enum;

string_enum!(
    /// The territorial scope an association was registered for.
    Category {
        National = "national",
        InterWilaya = "inter_wilaya",
        Wilaya = "wilaya",
        Communal = "communal",
    }
);

string_enum!(
    /// Fields of activity (a shipped taxonomy; the web app translates each).
    Field {
        Education = "education",
        Health = "health",
        Environment = "environment",
        Youth = "youth",
        Women = "women",
        Childhood = "childhood",
        Elderly = "elderly",
        Culture = "culture",
        Heritage = "heritage",
        Sport = "sport",
        SocialSolidarity = "social_solidarity",
        Humanitarian = "humanitarian",
        Disability = "disability",
        HumanRights = "human_rights",
        LocalDevelopment = "local_development",
        Agriculture = "agriculture",
        ScienceTechnology = "science_technology",
        Professional = "professional",
        ConsumerProtection = "consumer_protection",
        Religious = "religious",
    }
);

string_enum!(
    /// How many members the association has.
    SizeBand {
        /// 1 to 10.
        Tiny = "tiny",
        /// 11 to 50.
        Small = "small",
        /// 51 to 200.
        Medium = "medium",
        /// 201 to 1,000.
        Large = "large",
        /// More than 1,000.
        VeryLarge = "very_large",
    }
);

string_enum!(
    /// Where the association stands with the observatory.
    AssociationStatus {
        /// Registered, waiting for verification.
        Pending = "pending",
        Verified = "verified",
        /// Not verified; see `status_reason`.
        Rejected = "rejected",
        /// Verification withdrawn; see `status_reason`.
        Suspended = "suspended",
    }
);

impl AssociationStatus {
    /// Verified and pending associations are public; rejected and suspended ones only to their
    /// members and staff.
    pub fn is_public(self) -> bool {
        matches!(self, AssociationStatus::Verified | AssociationStatus::Pending)
    }
}

string_enum!(
    /// A member's role inside one association.
    MemberRole {
        /// Full control, including ownership transfer; an association always keeps one.
        Owner = "owner",
        /// Edits the profile and manages members and join requests.
        Admin = "admin",
        Member = "member",
    }
);

/// A contact detail and whether the public may see it (members always do). In a change, an empty
/// `value` removes the contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(remote = "Self")]
pub struct ContactItem {
    #[validate(length(max = 300))]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub value: String,
    #[serde(default)]
    pub public: bool,
}
crate::json::object_only!(ContactItem);

/// A contact as given: an object, or (as an address was before it had a `public` flag) a plain
/// string, which is private.
fn contact_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<ContactItem>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Given {
        Item(ContactItem),
        Text(String),
    }
    Ok(Option::<Given>::deserialize(d)?.map(|given| match given {
        Given::Item(item) => item,
        Given::Text(value) => ContactItem { value, public: false },
    }))
}

/// A social network page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(remote = "Self")]
pub struct SocialLink {
    /// e.g. `facebook`, `instagram`, `linkedin`, `x`, `youtube`.
    #[validate(length(min = 1, max = 40))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 40))]
    pub network: String,
    #[validate(length(min = 8, max = 300), custom(function = "http_url"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::social_url))]
    pub url: String,
    #[serde(default)]
    pub public: bool,
}
crate::json::object_only!(SocialLink);

/// An email contact holds an email address (or nothing, to remove it).
fn email_contact(item: &ContactItem) -> Result<(), ValidationError> {
    match item.value.trim() {
        "" => Ok(()),
        value => crate::auth::email(value),
    }
}

/// A website contact is an http(s) address (or nothing, to remove it).
fn website_contact(item: &ContactItem) -> Result<(), ValidationError> {
    match item.value.trim() {
        "" => Ok(()),
        value => http_url(value),
    }
}

fn http_url(value: &str) -> Result<(), ValidationError> {
    if (value.starts_with("https://") || value.starts_with("http://")) && !value.contains(char::is_whitespace) {
        Ok(())
    } else {
        Err(ValidationError::new("url").with_message("must be an http(s) address".into()))
    }
}

/// Registration numbers as issued by wilayas and the ministry: letters, digits, `/` and `-`, with
/// at least one digit, e.g. `16/2019/0421`.
pub fn registration_number(value: &str) -> Result<(), ValidationError> {
    let ok = (3..=40).contains(&value.len())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '/' || c == '-')
        && value.chars().any(|c| c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("registration_number")
            .with_message("must be letters, digits, / and - (3 to 40), with a digit".into()))
    }
}

/// A localized name: at least one language, each at most 200 characters.
pub fn association_name(value: &LocalizedText) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new("required").with_message("give the name in at least one language".into()));
    }
    localized_max(value, 200)
}

pub fn localized_description(value: &LocalizedText) -> Result<(), ValidationError> {
    localized_max(value, 5000)
}

pub(crate) fn localized_max(value: &LocalizedText, max: usize) -> Result<(), ValidationError> {
    for text in [&value.ar, &value.fr, &value.en].into_iter().flatten() {
        if text.chars().count() > max {
            return Err(ValidationError::new("length").with_message(format!("must be at most {max} characters").into()));
        }
    }
    Ok(())
}

fn two_digit_wilaya(value: &str) -> Result<(), ValidationError> {
    if value.len() == 2 && value.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(ValidationError::new("wilaya").with_message("must be a two-digit wilaya code".into()))
    }
}

fn fields_list(value: &[Field]) -> Result<(), ValidationError> {
    if value.is_empty() || value.len() > 5 {
        return Err(ValidationError::new("length").with_message("choose 1 to 5 fields".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_numbers() {
        for ok in ["16/2019/0421", "AGR-123", "0421"] {
            assert!(registration_number(ok).is_ok(), "{ok}");
        }
        for bad in ["", "ab", "abc/def", "16 2019", "١٦/٢٠١٩", &"1".repeat(41)] {
            assert!(registration_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_address_as_a_plain_string_is_private() {
        let change = |json: serde_json::Value| serde_json::from_value::<UpdateAssociation>(json).unwrap().address;
        let item = |value: &str, public| Some(ContactItem { value: value.into(), public });
        assert_eq!(change(serde_json::json!({"address": "12 rue des Oliviers"})), item("12 rue des Oliviers", false));
        assert_eq!(change(serde_json::json!({"address": {"value": "12 rue", "public": true}})), item("12 rue", true));
        assert_eq!(change(serde_json::json!({"address": {"value": "12 rue"}})), item("12 rue", false));
        assert_eq!(change(serde_json::json!({"address": null})), None);
        assert_eq!(change(serde_json::json!({})), None);
        assert!(serde_json::from_value::<UpdateAssociation>(serde_json::json!({"address": 12})).is_err());
    }

    #[test]
    fn enums_round_trip_their_text() {
        for f in Field::ALL {
            assert_eq!(Field::parse(f.as_str()), Some(*f));
            assert_eq!(serde_json::to_value(f).unwrap(), f.as_str());
        }
    }
}
