//! Database rows of the network and their conversion to API types.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use madani_shared::network::*;

use crate::db::schema::{association_follows, connections, member_profiles};
use crate::db::to_utc;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = association_follows)]
pub struct FollowRow {
    pub user_id: String,
    pub association_id: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = member_profiles, treat_none_as_null = true)]
pub struct ProfileRow {
    pub user_id: String,
    pub headline: Option<String>,
    pub headline_visibility: String,
    /// JSON array of strings.
    pub skills: String,
    pub skills_visibility: String,
    pub bio: Option<String>,
    pub bio_visibility: String,
    pub associations_visibility: String,
    pub updated_at: NaiveDateTime,
}

fn visibility(text: &str) -> Visibility {
    // The CHECK constraint keeps other values out; fall back to the most private one regardless.
    Visibility::parse(text).unwrap_or(Visibility::Private)
}

impl ProfileRow {
    pub fn skills(&self) -> Vec<String> {
        serde_json::from_str(&self.skills).unwrap_or_default()
    }

    pub fn headline_visibility(&self) -> Visibility {
        visibility(&self.headline_visibility)
    }

    pub fn skills_visibility(&self) -> Visibility {
        visibility(&self.skills_visibility)
    }

    pub fn bio_visibility(&self) -> Visibility {
        visibility(&self.bio_visibility)
    }

    pub fn associations_visibility(&self) -> Visibility {
        visibility(&self.associations_visibility)
    }

    pub fn to_api(&self) -> MyProfile {
        MyProfile {
            headline: self.headline.clone(),
            headline_visibility: self.headline_visibility(),
            skills: self.skills(),
            skills_visibility: self.skills_visibility(),
            bio: self.bio.clone(),
            bio_visibility: self.bio_visibility(),
            associations_visibility: self.associations_visibility(),
            updated_at: Some(to_utc(self.updated_at)),
        }
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = connections)]
pub struct ConnectionRow {
    pub id: String,
    pub pair_key: String,
    pub requester_id: String,
    pub addressee_id: String,
    pub status: String,
    pub message: Option<String>,
    pub created_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
    pub withdrawn: bool,
}

impl ConnectionRow {
    pub fn status(&self) -> ConnectionStatus {
        ConnectionStatus::parse(&self.status).unwrap_or(ConnectionStatus::Pending)
    }

    pub fn is_party(&self, user_id: &str) -> bool {
        self.requester_id == user_id || self.addressee_id == user_id
    }

    /// The other member, seen from `viewer` (a party).
    pub fn other(&self, viewer: &str) -> &str {
        if self.requester_id == viewer { &self.addressee_id } else { &self.requester_id }
    }
}
