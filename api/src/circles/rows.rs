//! Circles' rows as stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{circle_attachments, circle_members, circle_posts, circle_reports, circle_threads, circles};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = circles, treat_none_as_null = true)]
pub struct CircleRow {
    pub id: String,
    pub name_ar: Option<String>,
    pub name_fr: Option<String>,
    pub name_en: Option<String>,
    pub description_ar: Option<String>,
    pub description_fr: Option<String>,
    pub description_en: Option<String>,
    /// `,youth,culture,` (`""` for none).
    pub fields: String,
    pub wilaya_code: Option<String>,
    pub policy: String,
    pub observers_allowed: bool,
    pub member_count: i64,
    pub thread_count: i64,
    pub search_text: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_activity_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = circle_members)]
pub struct MemberRow {
    pub circle_id: String,
    pub user_id: String,
    /// `active`, `requested` or `invited`.
    pub status: String,
    /// `moderator`, `member` or `observer`.
    pub role: String,
    pub invited_by: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = circle_threads)]
pub struct ThreadRow {
    pub id: String,
    pub circle_id: String,
    pub author_id: Option<String>,
    pub title: String,
    pub kind: String,
    pub pinned: bool,
    pub answer_post_id: Option<String>,
    pub reply_count: i64,
    pub created_at: NaiveDateTime,
    pub last_post_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = circle_posts)]
pub struct PostRow {
    pub id: String,
    pub thread_id: String,
    pub circle_id: String,
    pub reply_to: Option<String>,
    pub author_id: Option<String>,
    pub opening: bool,
    pub body: String,
    /// `,id1,id2,` (`""` for none).
    pub mentions: String,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub deleted_at: Option<NaiveDateTime>,
    pub hidden_at: Option<NaiveDateTime>,
    pub hidden_reason: Option<String>,
}

impl PostRow {
    pub fn mentioned(&self) -> Vec<String> {
        self.mentions.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = circle_reports)]
pub struct ReportRow {
    pub id: String,
    pub circle_id: String,
    pub post_id: String,
    pub reporter_id: String,
    pub reason: String,
    pub details: Option<String>,
    pub created_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
}

/// A file uploaded to a circle: waiting for its post (`post_id` none) or posted.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = circle_attachments)]
pub struct FileRow {
    pub id: String,
    pub circle_id: String,
    pub post_id: Option<String>,
    pub uploader_id: Option<String>,
    pub file_key: String,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub created_at: NaiveDateTime,
}

/// `[a, b]` as `,a,b,` (`""` for none): a list a `LIKE '%,a,%'` finds.
pub fn joined(items: &[String]) -> String {
    if items.is_empty() { String::new() } else { format!(",{},", items.join(",")) }
}
