//! Bulk CSV import by staff, on both backends: dry run with row-level errors, all or nothing,
//! progress that ends, and who may import.

use std::time::{Duration, Instant};

use madani_shared::associations::*;
use madani_shared::auth::TokenResponse;
use madani_shared::endpoints::*;
use madani_shared::ids::ImportId;
use madani_tests::{TestApp, both_backends, problem};

const HEADER: &str =
    "registration_number,name_ar,name_fr,category,fields,wilaya_code,commune_id,size,email,contacts_public\r\n";

async fn start(app: &TestApp, who: &TokenResponse, csv: &str, dry_run: bool) -> ImportJob {
    let query: &[(&str, &str)] = if dry_run { &[("dry_run", "true")] } else { &[] };
    app.as_user(who).upload::<ImportAssociations>((), query, csv.as_bytes().to_vec(), "text/csv").await.expect("import")
}

/// Follow the import until it is done.
async fn finished(app: &TestApp, who: &TokenResponse, job: &ImportJob) -> ImportJob {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let now = app.as_user(who).call::<GetImport>(job.id, &()).await.unwrap();
        if matches!(now.status, ImportStatus::Succeeded | ImportStatus::Failed) {
            assert_eq!(now.processed_rows, now.total_rows);
            assert!(now.finished_at.is_some());
            return now;
        }
        assert!(Instant::now() < deadline, "the import did not finish: {now:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn count(app: &TestApp, q: &str) -> i64 {
    app.client
        .call::<ListAssociations>((), &ListAssociationsQuery { q: Some(q.into()), ..Default::default() })
        .await
        .unwrap()
        .total
}

both_backends! {
    async fn a_dry_run_reports_every_bad_cell_and_writes_nothing_then_the_import_writes_all(app) {
        let staff = app.admin("staff@example.org").await;
        let bad = format!(
            "{HEADER}\
             16/2019/0001,جمعية الأمل,Association El Amel,wilaya,youth;education,16,,small,contact@amel.example,true\r\n\
             16/2019/0002,,\"Tafat, Béjaïa\",galactic,youth,06,,small,,\r\n\
             16/2019/0003,جمعية النور,,wilaya,cooking,06,1,huge,,\r\n\
             16/2019/0001,جمعية مكررة,,wilaya,youth,16,,small,,\r\n"
        );
        let job = start(&app, &staff, &bad, true).await;
        assert_eq!((job.dry_run, job.total_rows), (true, 4));
        let report = finished(&app, &staff, &job).await;
        assert_eq!(report.status, ImportStatus::Failed);
        assert_eq!(report.created, 0);
        let errors: Vec<(u32, &str, &str)> = report.errors.iter().map(|e| (e.row, e.field.as_str(), e.code.as_str())).collect();
        assert!(errors.contains(&(3, "category", "invalid_value")), "{errors:?}");
        assert!(errors.contains(&(4, "fields", "invalid_value")), "{errors:?}");
        assert!(errors.contains(&(4, "size", "invalid_value")), "{errors:?}");
        assert!(errors.contains(&(5, "registration_number", "duplicate")), "{errors:?}");
        assert!(!errors.iter().any(|(row, ..)| *row == 2), "row 2 is fine: {errors:?}");
        assert_eq!(count(&app, "amel").await, 0, "a dry run writes nothing");

        // The same file with a wrong commune only, not a dry run: all or nothing.
        let one_wrong = format!(
            "{HEADER}\
             16/2019/0001,جمعية الأمل,Association El Amel,wilaya,youth;education,16,,small,contact@amel.example,true\r\n\
             06/2019/0003,جمعية النور,,wilaya,culture,06,1,small,,\r\n"
        );
        let report = finished(&app, &staff, &start(&app, &staff, &one_wrong, false).await).await;
        assert_eq!(report.status, ImportStatus::Failed);
        assert_eq!(report.errors.iter().map(|e| (e.row, e.field.as_str())).collect::<Vec<_>>(), [(3, "commune_id")]);
        assert_eq!(count(&app, "amel").await, 0, "nothing half-written");

        // A clean file: written, verified, searchable, contacts as the file says.
        let clean = format!(
            "{HEADER}\
             16/2019/0001,جمعية الأمل,Association El Amel,wilaya,youth;education,16,,small,contact@amel.example,true\r\n\
             06/2019/0003,جمعية النور,,communal,culture,06,158,tiny,,\r\n"
        );
        let dry = finished(&app, &staff, &start(&app, &staff, &clean, true).await).await;
        assert_eq!((dry.status, dry.created, dry.errors.len()), (ImportStatus::Succeeded, 0, 0));
        let report = finished(&app, &staff, &start(&app, &staff, &clean, false).await).await;
        assert_eq!((report.status, report.created), (ImportStatus::Succeeded, 2), "{:?}", report.errors);
        let found = app.client.call::<ListAssociations>((), &ListAssociationsQuery { q: Some("amel".into()), ..Default::default() }).await.unwrap();
        assert_eq!(found.total, 1);
        assert_eq!(found.items[0].status, AssociationStatus::Verified);
        let profile = app.client.call::<GetAssociation>(found.items[0].id, &()).await.unwrap();
        assert_eq!(profile.email.map(|e| e.value), Some("contact@amel.example".into()));
        assert_eq!(profile.member_count, 0);
        assert_eq!(count(&app, "جمعيه النور").await, 1);

        // Importing it again: every number is taken.
        let again = finished(&app, &staff, &start(&app, &staff, &clean, true).await).await;
        assert_eq!(again.errors.iter().filter(|e| e.code == "taken").count(), 2);
        // The import is in the audit log.
        let audit = app.as_user(&staff).call::<ListAuditLog>((), &Default::default()).await.unwrap();
        assert!(audit.items.iter().any(|e| e.action == "association.imported"), "{:?}", audit.items);
    }

    async fn only_staff_import_and_bad_files_name_the_file(app) {
        let staff = app.admin("staff@example.org").await;
        let member = app.member("member@example.org").await;
        let csv = format!("{HEADER}16/2019/0001,جمعية,,wilaya,youth,16,,small,,\r\n");
        let p = problem(app.as_user(&member).upload::<ImportAssociations>((), &[], csv.clone().into_bytes(), "text/csv").await);
        assert_eq!(p.status, 403);
        let job = start(&app, &staff, &csv, true).await;
        assert_eq!(problem(app.as_user(&member).call::<GetImport>(job.id, &()).await).status, 403);
        assert_eq!(problem(app.client.call::<GetImport>(job.id, &()).await).status, 401);
        assert_eq!(problem(app.as_user(&staff).call::<GetImport>(ImportId(uuid::Uuid::nil()), &()).await).status, 404);
        let malformed = app.raw_problem(reqwest::Method::GET, &format!("/api/v1/imports/{}", "0".repeat(36)), Some(&staff)).await;
        assert_eq!(malformed.status, 404);

        for (body, status, code) in [
            (vec![0xFF, 0xFE, 0x00], 422, "encoding"),
            (HEADER.as_bytes().to_vec(), 422, "empty"),
            (format!("{HEADER}\"unclosed\r\n").into_bytes(), 422, "malformed_csv"),
            (vec![b'a'; 11 * 1024 * 1024], 413, "too_large"),
        ] {
            let p = problem(app.as_user(&staff).upload::<ImportAssociations>((), &[], body, "text/csv").await);
            assert_eq!((p.status, p.field("file").map(|e| e.code.as_str())), (status, Some(code)));
        }
        // Header problems are reported on row 1.
        let report = finished(&app, &staff, &start(&app, &staff, "registration_number,nom,category\r\n1/2/3,x,wilaya\r\n", true).await).await;
        let header: Vec<(&str, &str)> = report.errors.iter().filter(|e| e.row == 1).map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert!(header.contains(&("nom", "unknown_column")), "{header:?}");
        assert!(header.contains(&("wilaya_code", "missing_column")), "{header:?}");
    }

    async fn an_import_whose_instance_died_ends_as_failed(app) {
        let staff = app.admin("staff@example.org").await;
        let job = start(&app, &staff, &format!("{HEADER}16/2019/0001,جمعية,,wilaya,youth,16,,small,,\r\n"), true).await;
        finished(&app, &staff, &job).await;
        // As if its instance had stopped two hours ago in the middle of it.
        let db = app.database_url();
        let id = job.id.to_string();
        tokio::task::spawn_blocking(move || {
            use diesel::prelude::*;
            use madani_api::db::schema::import_jobs;
            let mut conn = madani_api::db::establish(&db).expect("db");
            let long_ago = chrono::Utc::now().naive_utc() - chrono::Duration::hours(2);
            diesel::update(import_jobs::table.find(&id))
                .set((import_jobs::status.eq("validating"), import_jobs::created_at.eq(long_ago), import_jobs::finished_at.eq(None::<chrono::NaiveDateTime>)))
                .execute(&mut conn)
                .expect("update");
        })
        .await
        .unwrap();
        let report = app.as_user(&staff).call::<GetImport>(job.id, &()).await.unwrap();
        assert_eq!(report.status, ImportStatus::Failed);
        assert_eq!(report.errors.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(), ["interrupted"]);
        assert!(report.finished_at.is_some());
    }
}
