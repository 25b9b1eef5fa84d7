//! A project's cover picture: pointing the project at a new file (so that no file is left that no
//! row names) and who may see it. A public project's cover is public; another's is seen by whoever
//! sees the project, through an address signed for them (an `<img>` sends no access token).

use madani_shared::projects::{Project, ProjectVisibility};

use super::super::access;
use super::super::repo;
use super::super::rows::{ProjectRow, cover_resource};
use super::projects::view;
use crate::auth::AuthUser;
use crate::db::{DbConn, now, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::media::{CoverQuery, UrlSigner, public_cache, unix_now};

/// Point the project at its new cover `key`: the previous key, for the caller to forget, and the
/// project as its editor now sees it (an error there leaves the new cover in place). Checked
/// again inside: the editor may have lost the right while the picture came.
pub fn set_cover(
    conn: &mut DbConn,
    urls: &UrlSigner,
    id: &str,
    user: &AuthUser,
    key: &str,
) -> ApiResult<(Option<String>, ApiResult<Project>)> {
    let previous = replace_cover(conn, id, user, Some(key))?;
    tracing::info!(project = %id, by = %user.id, "project cover changed");
    let shown = (|| {
        let (row, access) = access::load_visible(conn, id, Some(user))?;
        view(conn, urls, row, &access, Some(user))
    })();
    Ok((previous, shown))
}

/// Remove the project's cover: the key it had, for the caller to forget.
pub fn clear_cover(conn: &mut DbConn, id: &str, user: &AuthUser) -> ApiResult<Option<String>> {
    replace_cover(conn, id, user, None)
}

/// The row is locked while its key is read (PostgreSQL), so two uploads at once each get the key
/// the other replaced.
fn replace_cover(conn: &mut DbConn, id: &str, user: &AuthUser, key: Option<&str>) -> ApiResult<Option<String>> {
    write_tx(conn, |conn| {
        access::require_editor(conn, id, user)?;
        let previous = repo::lock_cover(conn, id)?;
        repo::set_cover(conn, id, key, now())?;
        crate::audit::record(
            conn,
            Some(&user.id),
            if key.is_some() { "project.cover_changed" } else { "project.cover_removed" },
            crate::audit::Subject::project(id),
            None,
        )?;
        Ok(previous)
    })
}

/// The project's cover key and its `Cache-Control`, if the viewer may see it: a public project's
/// to everyone; another's with a good signature for a viewer who may still see the project, or
/// to whoever sees the project by their token; 404 to anyone else.
pub fn cover_to_serve(
    conn: &mut DbConn,
    urls: &UrlSigner,
    id: &str,
    user: Option<&AuthUser>,
    q: &CoverQuery,
) -> ApiResult<(String, String)> {
    let row: ProjectRow = repo::find(conn, id)?;
    let key = row.cover.clone().ok_or(ApiError::NotFound)?;
    if row.visibility() == ProjectVisibility::Public {
        return Ok((key.clone(), public_cache(q.v.as_deref(), &key)));
    }
    let now = unix_now();
    if let Some(viewer) = q.signed_viewer(urls, |viewer| cover_resource(id, &key, viewer), now) {
        if access::access_of_id(conn, &row, viewer)?.sees(row.visibility()) {
            return Ok((key, format!("private, max-age={}", q.exp.unwrap_or(now) - now)));
        }
        tracing::warn!(project = %id, viewer, "refused: a project's cover signed for someone who may not see it now");
    }
    access::load_visible(conn, id, user)?;
    Ok((key, "private, no-store".to_owned()))
}
