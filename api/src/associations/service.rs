//! The rules of the registry as plain functions: who may do what in an association, how search
//! terms and cursors are made, and how staff decisions change an association's status.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;
use madani_shared::LocalizedText;
use madani_shared::associations::{AssociationStatus, MemberRole};
use madani_shared::search::{fold, tokens};

use super::repo::After;
use crate::error::ApiError;

/// Owners and admins edit the profile, manage members and decide join requests.
pub fn can_manage(role: Option<MemberRole>) -> bool {
    matches!(role, Some(MemberRole::Owner | MemberRole::Admin))
}

/// May `actor` give `target` (now `current`) the role `new`? Ownership moves only by transfer, so
/// the one owner is never demoted here; admins manage members, owners manage admins too.
pub fn check_role_change(actor: Option<MemberRole>, current: MemberRole, new: MemberRole) -> Result<(), ApiError> {
    if !can_manage(actor) {
        return Err(ApiError::Forbidden("only owners and admins change roles"));
    }
    if new == MemberRole::Owner {
        return Err(ApiError::Conflict("Ownership changes hands with a transfer, not a role change.".into()));
    }
    if current == MemberRole::Owner {
        return Err(ApiError::Conflict("The owner's role changes only by transferring ownership.".into()));
    }
    if actor == Some(MemberRole::Admin) && (current == MemberRole::Admin || new == MemberRole::Admin) && current != new
    {
        return Err(ApiError::Forbidden("only the owner appoints or demotes admins"));
    }
    Ok(())
}

/// May `actor` remove `target` (whose role is `role`)? `itself`: a member leaving.
pub fn check_removal(actor: Option<MemberRole>, role: MemberRole, itself: bool) -> Result<(), ApiError> {
    if role == MemberRole::Owner {
        return Err(ApiError::Conflict(
            "An association never loses its owner: transfer ownership before the owner leaves.".into(),
        ));
    }
    if itself {
        return Ok(());
    }
    match actor {
        Some(MemberRole::Owner) => Ok(()),
        Some(MemberRole::Admin) if role == MemberRole::Member => Ok(()),
        Some(MemberRole::Admin) => Err(ApiError::Forbidden("only the owner removes admins")),
        _ => Err(ApiError::Forbidden("only owners and admins remove members")),
    }
}

/// The status a staff action leads to, or why it cannot apply.
pub fn next_status(
    current: AssociationStatus,
    action: StaffAction,
    reason: Option<&str>,
) -> Result<AssociationStatus, ApiError> {
    use AssociationStatus::*;
    if action != StaffAction::Verify && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(ApiError::field("reason", "required", "give the reason, which the association will read"));
    }
    match (action, current) {
        (StaffAction::Verify, Pending | Rejected | Suspended) => Ok(Verified),
        (StaffAction::Reject, Pending) => Ok(Rejected),
        (StaffAction::Suspend, Verified) => Ok(Suspended),
        (_, from) => {
            Err(ApiError::Conflict(format!("An association that is {} cannot be {}.", from.as_str(), action.past())))
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffAction {
    Verify,
    Reject,
    Suspend,
}

impl StaffAction {
    pub fn past(self) -> &'static str {
        match self {
            StaffAction::Verify => "verified",
            StaffAction::Reject => "rejected",
            StaffAction::Suspend => "suspended",
        }
    }
}

/// The folded name used to order by name: the French name, else Arabic, else English.
pub fn sort_name(name: &LocalizedText) -> String {
    fold(name.fr.as_deref().or(name.ar.as_deref()).or(name.en.as_deref()).unwrap_or("")).trim().to_owned()
}

/// Search terms with weights: names and acronym 3, description 1 (a word keeps its highest weight).
pub fn search_terms(name: &LocalizedText, acronym: Option<&str>, description: &LocalizedText) -> Vec<(String, i32)> {
    let mut terms: std::collections::BTreeMap<String, i32> = std::collections::BTreeMap::new();
    let mut add = |text: &str, weight: i32| {
        for t in tokens(text) {
            // Long runs (URLs, pasted noise) are not words people type.
            if t.chars().count() <= 40 {
                let w = terms.entry(t).or_insert(weight);
                *w = (*w).max(weight);
            }
        }
    };
    for t in [&name.ar, &name.fr, &name.en].into_iter().flatten() {
        add(t, 3);
    }
    if let Some(a) = acronym {
        add(a, 3);
    }
    for t in [&description.ar, &description.fr, &description.en].into_iter().flatten() {
        add(t, 1);
    }
    terms.into_iter().collect()
}

pub fn encode_cursor(after: &After) -> Option<String> {
    let text = match after {
        After::Start => return None,
        After::Name { sort_name, id } => format!("n\u{1}{sort_name}\u{1}{id}"),
        After::Newest { created_at, id } => format!("t\u{1}{}\u{1}{id}", created_at.and_utc().timestamp_micros()),
        After::Relevance { score, sort_name, id } => format!("r\u{1}{score}\u{1}{sort_name}\u{1}{id}"),
    };
    Some(URL_SAFE_NO_PAD.encode(text))
}

/// A cursor from `encode_cursor`; anything else is a 422 naming `cursor`.
pub fn decode_cursor(cursor: &str) -> Result<After, ApiError> {
    let bad = || ApiError::field("cursor", "invalid_value", "is not a cursor from this list");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let parts: Vec<&str> = text.split('\u{1}').collect();
    match parts.as_slice() {
        ["n", name, id] => Ok(After::Name { sort_name: (*name).to_owned(), id: (*id).to_owned() }),
        ["r", score, name, id] => Ok(After::Relevance {
            score: score.parse().map_err(|_| bad())?,
            sort_name: (*name).to_owned(),
            id: (*id).to_owned(),
        }),
        ["t", micros, id] => {
            let micros: i64 = micros.parse().map_err(|_| bad())?;
            let at: NaiveDateTime = chrono::DateTime::from_timestamp_micros(micros).ok_or_else(bad)?.naive_utc();
            Ok(After::Newest { created_at: at, id: (*id).to_owned() })
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MemberRole::*;

    #[test]
    fn role_changes() {
        assert!(check_role_change(Some(Owner), Member, Admin).is_ok());
        assert!(check_role_change(Some(Owner), Admin, Member).is_ok());
        assert!(check_role_change(Some(Admin), Member, Member).is_ok());
        assert!(matches!(check_role_change(Some(Admin), Member, Admin), Err(ApiError::Forbidden(_))));
        assert!(matches!(check_role_change(Some(Member), Member, Admin), Err(ApiError::Forbidden(_))));
        assert!(matches!(check_role_change(None, Member, Admin), Err(ApiError::Forbidden(_))));
        assert!(matches!(check_role_change(Some(Owner), Owner, Admin), Err(ApiError::Conflict(_))));
        assert!(matches!(check_role_change(Some(Owner), Member, Owner), Err(ApiError::Conflict(_))));
    }

    #[test]
    fn the_owner_is_never_removed() {
        assert!(matches!(check_removal(Some(Admin), Owner, false), Err(ApiError::Conflict(_))));
        assert!(matches!(check_removal(Some(Owner), Owner, true), Err(ApiError::Conflict(_))));
        assert!(check_removal(Some(Member), Member, true).is_ok());
        assert!(check_removal(Some(Admin), Member, false).is_ok());
        assert!(matches!(check_removal(Some(Admin), Admin, false), Err(ApiError::Forbidden(_))));
        assert!(matches!(check_removal(Some(Member), Member, false), Err(ApiError::Forbidden(_))));
    }

    #[test]
    fn status_transitions_need_reasons_to_refuse() {
        use AssociationStatus::*;
        assert_eq!(next_status(Pending, StaffAction::Verify, None).unwrap(), Verified);
        assert!(matches!(next_status(Pending, StaffAction::Reject, None), Err(ApiError::Validation(_))));
        assert_eq!(next_status(Pending, StaffAction::Reject, Some("no statutes")).unwrap(), Rejected);
        assert_eq!(next_status(Verified, StaffAction::Suspend, Some("inactive")).unwrap(), Suspended);
        assert!(matches!(next_status(Pending, StaffAction::Suspend, Some("x")), Err(ApiError::Conflict(_))));
        assert!(matches!(next_status(Verified, StaffAction::Verify, None), Err(ApiError::Conflict(_))));
    }

    #[test]
    fn terms_are_folded_weighted_and_unique() {
        let name =
            LocalizedText {
                ar: Some("جَمْعِيَّة الأمل".into()), fr: Some("Association El Amel de Béjaïa".into()), en: None
            };
        let description = LocalizedText { fr: Some("Jeunesse et association".into()), ..Default::default() };
        let terms = search_terms(&name, Some("AEA"), &description);
        let get = |t: &str| terms.iter().find(|(term, _)| term == t).map(|(_, w)| *w);
        assert_eq!(get("جمعيه"), Some(3));
        assert_eq!(get("الامل"), Some(3));
        assert_eq!(get("bejaia"), Some(3));
        assert_eq!(get("association"), Some(3), "the name's weight wins");
        assert_eq!(get("jeunesse"), Some(1));
        assert_eq!(get("aea"), Some(3));
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let after = After::Name { sort_name: "association el amel".into(), id: "01a".into() };
        assert_eq!(decode_cursor(&encode_cursor(&after).unwrap()).unwrap(), after);
        let t = chrono::DateTime::from_timestamp_micros(1_790_000_000_123_456).unwrap().naive_utc();
        let after = After::Newest { created_at: t, id: "01b".into() };
        assert_eq!(decode_cursor(&encode_cursor(&after).unwrap()).unwrap(), after);
        let after = After::Relevance { score: 13, sort_name: "جمعيه النور".into(), id: "01c".into() };
        assert_eq!(decode_cursor(&encode_cursor(&after).unwrap()).unwrap(), after);
        assert!(decode_cursor(&URL_SAFE_NO_PAD.encode("r\u{1}many\u{1}x\u{1}y")).is_err());
        assert!(decode_cursor("not a cursor!").is_err());
        assert!(decode_cursor(&URL_SAFE_NO_PAD.encode("x\u{1}y")).is_err());
    }
}
