//! A course's outline: its modules, in order, each with its lessons.

use madani_shared::courses::*;
use madani_shared::ids::ModuleId;

use super::{renumber, reorder};
use crate::courses::repo;
use crate::courses::rows::{CourseRow, ModuleRow};
use crate::db::{DbConn, new_id, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::storage::Storage;

/// The module of this course, 404 otherwise.
pub fn find_module(conn: &mut DbConn, course: &str, module: &str) -> ApiResult<ModuleRow> {
    repo::modules(conn, course)?.into_iter().find(|m| m.id == module).ok_or(ApiError::NotFound)
}

fn module_view(conn: &mut DbConn, m: &ModuleRow) -> ApiResult<Module> {
    let lessons = repo::lessons(conn, &m.course_id)?;
    Ok(Module {
        id: ModuleId::stored(&m.id),
        title: m.title(),
        position: m.position,
        lessons: lessons.iter().filter(|l| l.module_id == m.id).map(|l| l.outline(None)).collect(),
    })
}

/// A module at the end of the course.
pub fn create(conn: &mut DbConn, course: &CourseRow, req: CreateModule) -> ApiResult<Module> {
    let (title_ar, title_fr, title_en) = req.title.trimmed();
    let position = repo::modules(conn, &course.id)?.len() as i32 + 1;
    let row = ModuleRow { id: new_id(), course_id: course.id.clone(), position, title_ar, title_fr, title_en };
    repo::insert_module(conn, &row)?;
    module_view(conn, &row)
}

/// Rename a module, or move it (the others renumbered around it).
pub fn update(conn: &mut DbConn, course: &CourseRow, module_id: &str, req: UpdateModule) -> ApiResult<Module> {
    let mut row = find_module(conn, &course.id, module_id)?;
    write_tx(conn, |conn| {
        if let Some(t) = &req.title {
            (row.title_ar, row.title_fr, row.title_en) = t.trimmed();
            repo::update_module(conn, &row)?;
        }
        if let Some(p) = req.position {
            let ids: Vec<String> = repo::modules(conn, &course.id)?.into_iter().map(|m| m.id).collect();
            renumber(conn, &reorder(&ids, module_id, p), repo::set_module_position)?;
        }
        Ok::<_, ApiError>(())
    })?;
    let row = find_module(conn, &course.id, module_id)?;
    module_view(conn, &row)
}

/// Delete a module, its lessons and their videos and captions.
pub fn delete(conn: &mut DbConn, storage: &dyn Storage, course: &CourseRow, module_id: &str) -> ApiResult<()> {
    find_module(conn, &course.id, module_id)?;
    // The files as they are when the rows go, not as they were a moment before: one uploaded
    // meanwhile is removed too, and none is left behind.
    let files = write_tx(conn, |conn| {
        let lessons: Vec<String> =
            repo::lessons(conn, &course.id)?.into_iter().filter(|l| l.module_id == module_id).map(|l| l.id).collect();
        let mut files: Vec<String> = repo::lock_lesson_videos(conn, &lessons)?.into_iter().flatten().collect();
        files.extend(repo::captions_keys(conn, &lessons)?);
        repo::delete_module(conn, module_id)?;
        let ids: Vec<String> = repo::modules(conn, &course.id)?.into_iter().map(|m| m.id).collect();
        renumber(conn, &ids, repo::set_module_position)?;
        Ok::<_, ApiError>(files)
    })?;
    crate::media::forget(storage, files);
    Ok(())
}
