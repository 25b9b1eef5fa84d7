//! The results each server keeps computed, keyed by what they are computed from: the tallies'
//! version (`tally::version_key`, raised in the transaction of every submission), the
//! consultation's last change (its titles and labels), its phase and its publication. A request
//! reads the version and the consultation's row (to check who may read the results) from the
//! database, so no instance answers stale results: a submission anywhere makes the next read
//! recompute.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDateTime;
use madani_shared::consultations::{Breakdown, ConsultationPhase, ConsultationResults};

use super::rows::ConsultationRow;
use crate::db::now;
use crate::error::ApiResult;

type Stamp = (i64, NaiveDateTime, ConsultationPhase, Option<NaiveDateTime>);
type Entries = HashMap<(String, Option<Breakdown>), (Stamp, Arc<ConsultationResults>)>;

/// At most this many results are kept (a consultation has three: overall, by wilaya, by field).
const MOST: usize = 96;

#[derive(Default)]
pub struct ResultsCache {
    entries: Mutex<Entries>,
}

impl ResultsCache {
    /// The results of `row` with `breakdown` at tallies `version`: those computed for the same stamp,
    /// or `compute`d now.
    pub fn get_or(
        &self,
        row: &ConsultationRow,
        version: i64,
        breakdown: Option<Breakdown>,
        compute: impl FnOnce() -> ApiResult<ConsultationResults>,
    ) -> ApiResult<Arc<ConsultationResults>> {
        let stamp: Stamp = (version, row.updated_at, row.phase(now()), row.results_published_at);
        let key = (row.id.clone(), breakdown);
        if let Some((kept, results)) = self.lock().get(&key)
            && *kept == stamp
        {
            return Ok(results.clone());
        }
        let results = Arc::new(compute()?);
        let mut entries = self.lock();
        if entries.len() >= MOST && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, (stamp, results.clone()));
        Ok(results)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
