//! States an institution defines for its answers to proposals ("referred to the wilaya", "in the
//! 2027 budget"): each refines one of the base states, which lists and counts still go by, and
//! carries its own name in each language.

use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use super::ProposalState;
use crate::ids::InstitutionId;
use crate::text::LocalizedText;

/// A key names a state in URLs and answers: 2 to 40 characters, `a`–`z`, digits and `_`,
/// starting with a letter, and not the name of a base state.
pub const PROPOSAL_STATE_KEY_PATTERN: &str = "^[a-z][a-z0-9_]{1,39}$";

/// Whether `key` may name an institution's state.
pub fn proposal_state_key_ok(key: &str) -> bool {
    let mut chars = key.chars();
    (2..=40).contains(&key.len())
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && ProposalState::parse(key).is_none()
}

/// A state an institution defined, as a proposal, its answer or its history shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "institution_id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a",
    "key": "referred_to_wilaya",
    "state": "evaluating",
    "label": {"ar": "أحيل إلى الولاية", "fr": "Transmise à la wilaya", "en": "Referred to the wilaya"}
})))]
pub struct CustomProposalState {
    pub institution_id: InstitutionId,
    pub key: String,
    /// The base state it refines: the one lists filter and count by.
    pub state: ProposalState,
    pub label: LocalizedText,
}

/// Define or rename one of the institution's states (its managers).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "state": "evaluating",
    "label": {"ar": "أحيل إلى الولاية", "fr": "Transmise à la wilaya", "en": "Referred to the wilaya"}
})))]
pub struct PutProposalState {
    /// `evaluating`, `accepted` or `rejected` (422 `state` `not_answered` for the other).
    pub state: ProposalState,
    #[validate(custom(function = "state_label"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::state_label))]
    pub label: LocalizedText,
}

fn state_label(value: &LocalizedText) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new("required").with_message("give the name in at least one language".into()));
    }
    crate::associations::localized_max(value, 80)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_slugs_that_are_not_base_states() {
        for ok in ["referred_to_wilaya", "budget2027", "ok"] {
            assert!(proposal_state_key_ok(ok), "{ok}");
        }
        for bad in ["", "a", "Accepted", "accepted", "not_answered", "2027", "in-budget", "é_x", &"x".repeat(41)] {
            assert!(!proposal_state_key_ok(bad), "{bad}");
        }
        assert!(proposal_state_key_ok(&"x".repeat(40)));
    }
}
