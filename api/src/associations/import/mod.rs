//! Bulk import of associations from CSV by observatory staff. The file is checked row by row (with
//! progress kept in the database, so any instance can report it), and then, unless it is a dry run
//! or any row is wrong, written in one transaction: all rows or none.
//!
//! Columns (a header row names them, in any order): `registration_number`, `name_ar`, `name_fr`,
//! `name_en`, `acronym`, `category`, `fields` (separated by `;`), `wilaya_code`, `commune_id`,
//! `address`, `founded_on` (YYYY-MM-DD), `size`, `description_ar`, `description_fr`,
//! `description_en`, `email`, `phone`, `website`, `contacts_public` (true/false). The directory
//! export's own columns `id`, `status` and `created_at` are accepted and ignored, so an export can
//! be imported elsewhere. Imported associations are verified (they come from the official
//! registry) and have no members until their officers are invited.
//!
//! `jobs`: the handlers; `parse`: the file read as requests; `service`: the job.

pub(super) mod jobs;
mod parse;
mod service;
