//! Course covers over HTTP, on both backends: who may set them, what is accepted (by content), and
//! how they are served (a published course's for long, a draft's only to whoever sees the draft).

use madani_shared::courses::*;
use madani_shared::endpoints::*;
use madani_tests::{CourseBuilder, PNG, TestApp, both_backends, header, problem, tamper};

both_backends! {
    async fn trainers_set_a_cover_checked_like_logos_and_drafts_keep_theirs_private(app) {
        let staff = app.admin("staff@example.org").await;
        let trainer_b = app.member("trainer-b@example.org").await;
        let learner = app.member("learner@example.org").await;
        let a = CourseBuilder::new(&staff).title("Gestion de projet").published().expect_build(&app).await.course;
        let b = CourseBuilder::new(&staff).title("Comptabilité").trainer(&trainer_b).published().expect_build(&app).await.course;
        assert_eq!(a.summary.cover_url, None);

        // A trainer of B sets B's cover, not A's; nobody else does.
        app.as_user(&trainer_b).upload::<UploadCourseCover>(b.summary.id, &[], PNG.to_vec(), "image/png").await.unwrap();
        let p = problem(app.as_user(&trainer_b).upload::<UploadCourseCover>(a.summary.id, &[], PNG.to_vec(), "image/png").await);
        assert_eq!(p.status, 403);
        assert_eq!(problem(app.as_user(&trainer_b).call::<DeleteCourseCover>(a.summary.id, &()).await).status, 403);
        assert_eq!(problem(app.as_user(&learner).upload::<UploadCourseCover>(a.summary.id, &[], PNG.to_vec(), "image/png").await).status, 403);
        assert_eq!(problem(app.client.upload::<UploadCourseCover>(a.summary.id, &[], PNG.to_vec(), "image/png").await).status, 401);

        // A published course's cover: public, cached for long, served as what it is and nothing else.
        let with_cover = app.as_user(&staff).upload::<UploadCourseCover>(a.summary.id, &[], PNG.to_vec(), "application/octet-stream").await.unwrap();
        let url = with_cover.summary.cover_url.clone().expect("cover_url");
        assert!(url.starts_with(&format!("/api/v1/courses/{}/cover?v=", a.summary.id)) && !url.contains("sig="), "{url}");
        let served = reqwest::get(app.url(&url)).await.unwrap();
        assert_eq!(served.status(), 200);
        assert_eq!(header(&served, "content-type"), "image/png");
        assert_eq!(header(&served, "x-content-type-options"), "nosniff");
        assert!(header(&served, "content-security-policy").contains("sandbox"));
        assert!(header(&served, "cache-control").contains("immutable"));
        let etag = header(&served, "etag");
        assert_eq!(served.bytes().await.unwrap().as_ref(), PNG);
        // At any other address (no version, an old one) it is revalidated, not kept for a year.
        let unversioned = url.split("?v=").next().unwrap().to_owned();
        for other in [unversioned.clone(), format!("{unversioned}?v=0123abcd")] {
            let served = reqwest::get(app.url(&other)).await.unwrap();
            assert_eq!(served.status(), 200, "{other}");
            let cache = header(&served, "cache-control");
            assert!(cache.contains("no-cache") && !cache.contains("immutable"), "{other}: {cache}");
            assert_eq!(header(&served, "etag"), etag);
        }
        let revalidated = app.http.get(app.url(&unversioned)).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(revalidated.status(), 304);
        // The same picture again is a new cover at a new address; the old file goes, the new one
        // is served, and only it is kept.
        let again = app.as_user(&staff).upload::<UploadCourseCover>(a.summary.id, &[], PNG.to_vec(), "image/png").await.unwrap();
        let url_again = again.summary.cover_url.clone().expect("cover_url");
        assert_ne!(url_again, url, "each upload has its own key");
        let of_a: Vec<String> = stored(&app, "covers").into_iter().filter(|f| f.starts_with(&a.summary.id.to_string())).collect();
        assert_eq!(of_a.len(), 1, "{of_a:?}");
        let served = reqwest::get(app.url(&url)).await.unwrap();
        assert!(!header(&served, "cache-control").contains("immutable"), "the old address is not immutable any more");
        let served = reqwest::get(app.url(&url_again)).await.unwrap();
        assert!(header(&served, "cache-control").contains("immutable"));
        let url = url_again;
        let catalog = app.client.call::<ListCourses>((), &CatalogQuery::default()).await.unwrap();
        assert_eq!(catalog.items.iter().find(|c| c.id == a.summary.id).and_then(|c| c.cover_url.clone()), Some(url.clone()));

        // Not a picture, a scriptable SVG, an empty body, too large: refused naming `cover`, and the
        // cover stays.
        for (body, status, code) in [
            (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec(), 422, "not_an_image"),
            (Vec::new(), 422, "required"),
            ([PNG, &vec![0u8; 1024 * 1024][..]].concat(), 413, "too_large"),
        ] {
            let p = problem(app.as_user(&staff).upload::<UploadCourseCover>(a.summary.id, &[], body, "image/svg+xml").await);
            assert_eq!((p.status, p.field("cover").map(|e| e.code.as_str())), (status, Some(code)));
        }
        assert_eq!(app.client.call::<GetCourse>(a.summary.id, &()).await.unwrap().summary.cover_url, Some(url.clone()));

        // A draft's cover is for those who see the draft: its signed address, or their token.
        let draft = CourseBuilder::new(&staff).title("Brouillon").expect_build(&app).await.course;
        let draft_view = app.as_user(&staff).upload::<UploadCourseCover>(draft.summary.id, &[], PNG.to_vec(), "image/png").await.unwrap();
        let signed = draft_view.summary.cover_url.clone().expect("cover_url");
        assert!(signed.contains("&sig="), "{signed}");
        let served = reqwest::get(app.url(&signed)).await.unwrap();
        assert_eq!((served.status().as_u16(), header(&served, "cache-control").starts_with("private")), (200, true));
        let unsigned = signed.split("&exp=").next().unwrap().to_owned();
        assert_eq!(reqwest::get(app.url(&unsigned)).await.unwrap().status(), 404);
        assert_eq!(reqwest::get(app.url(&tamper(&signed))).await.unwrap().status(), 404);
        let other = app.http.get(app.url(&unsigned)).bearer_auth(&learner.access_token).send().await.unwrap();
        assert_eq!(other.status(), 404, "a member who cannot see the draft");
        let own = app.http.get(app.url(&unsigned)).bearer_auth(&staff.access_token).send().await.unwrap();
        assert_eq!(own.status(), 200);
        let mine = app.as_user(&staff).call::<ListCourses>((), &CatalogQuery { mine: Some(true), ..Default::default() }).await.unwrap();
        assert!(mine.items.iter().any(|c| c.id == draft.summary.id && c.cover_url.as_deref().is_some_and(|u| u.contains("sig="))));

        // Archived, the course's cover is no longer public: its address is signed, the public one
        // leads nowhere for a stranger, and nothing is cached for long.
        let archived = CourseBuilder::new(&staff).title("Archivé").published().expect_build(&app).await.course;
        let public_url = app.as_user(&staff).upload::<UploadCourseCover>(archived.summary.id, &[], PNG.to_vec(), "image/png").await.unwrap().summary.cover_url.expect("cover_url");
        let update = UpdateCourse { status: Some(CourseStatus::Archived), ..Default::default() };
        let archived_view = app.as_user(&staff).call::<UpdateCourseEndpoint>(archived.summary.id, &update).await.unwrap();
        let signed = archived_view.summary.cover_url.expect("cover_url");
        assert!(signed.contains("&sig="), "{signed}");
        assert_eq!(reqwest::get(app.url(&public_url)).await.unwrap().status(), 404);
        let served = reqwest::get(app.url(&signed)).await.unwrap();
        assert_eq!(served.status(), 200);
        assert!(header(&served, "cache-control").starts_with("private"), "{}", header(&served, "cache-control"));

        // Removed: gone from the course and from its address.
        app.as_user(&staff).call::<DeleteCourseCover>(a.summary.id, &()).await.unwrap();
        assert_eq!(app.client.call::<GetCourse>(a.summary.id, &()).await.unwrap().summary.cover_url, None);
        assert_eq!(reqwest::get(app.url(&url)).await.unwrap().status(), 404);
    }

}

/// The names of the files stored under `dir` of the uploads.
fn stored(app: &TestApp, dir: &str) -> Vec<String> {
    std::fs::read_dir(app.data_dir.join("uploads").join(dir))
        .map(|entries| entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}
