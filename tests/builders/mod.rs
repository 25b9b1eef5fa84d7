//! Builders for what a test needs in place before the behaviour it checks: members, associations,
//! courses. Each starts from defaults, takes chained setters, and is made by `build(&app)` (the
//! first refusal, for tests about refusals) or `expect_build(&app)` (panics naming what failed).
//! Everything is created through the HTTP API with the typed client, as a user would; the one
//! exception is the first administrator, whom only the command line can make.
//!
//! Modelled on the registry server's `crates_io_test_utils::builders` (`CrateBuilder`,
//! `VersionBuilder`).

mod association;
mod course;
mod member;

use std::sync::atomic::{AtomicU32, Ordering};

pub use association::AssociationBuilder;
pub use course::{BuiltCourse, CourseBuilder, ModuleBuilder, QuizLesson};
pub use member::MemberBuilder;

/// A number no builder in this process has used yet: default names and registration numbers that
/// never collide within a test.
fn serial() -> u32 {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
