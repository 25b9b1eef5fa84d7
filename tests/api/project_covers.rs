//! Project covers over HTTP, on both backends: the lead's officers set them (a partner's do not),
//! they are checked like every picture, and whoever may not see the project cannot see its cover;
//! and anonymous reads of the calendar and the IATI file are limited per client address.

use madani_shared::endpoints::*;
use madani_shared::projects::*;
use madani_tests::{PNG, TestApp, both_backends, header, problem, tamper};

use crate::projects::world;

both_backends! {
    async fn the_lead_sets_a_cover_that_only_those_who_see_the_project_see(app) {
        let w = world(&app).await;
        let (public, network) = (w.public.summary.id, w.network.summary.id);
        assert_eq!(w.public.summary.cover_url, None);

        // The lead's officers, nobody else: not a partner's officer, not a member, not a stranger.
        for who in [&w.partner_owner, &w.lead_member, &w.outsider] {
            let p = problem(app.as_user(who).upload::<UploadProjectCover>(network, &[], PNG.to_vec(), "image/png").await);
            assert!(p.status == 403 || p.status == 404, "{p:?}");
            assert_eq!(problem(app.as_user(who).call::<DeleteProjectCover>(network, &()).await).status, p.status);
        }
        assert_eq!(problem(app.client.upload::<UploadProjectCover>(public, &[], PNG.to_vec(), "image/png").await).status, 401);
        let p = problem(app.as_user(&w.outsider).upload::<UploadProjectCover>(w.private.summary.id, &[], PNG.to_vec(), "image/png").await);
        assert_eq!(p.status, 404, "a private project does not exist for a stranger");

        // A public project's cover: public, cached for long at its own address, in lists too.
        let with_cover = app.as_user(&w.lead_owner).upload::<UploadProjectCover>(public, &[], PNG.to_vec(), "image/png").await.unwrap();
        let url = with_cover.summary.cover_url.clone().expect("cover_url");
        assert!(url.starts_with(&format!("/api/v1/projects/{public}/cover?v=")) && !url.contains("sig="), "{url}");
        let served = reqwest::get(app.url(&url)).await.unwrap();
        assert_eq!((served.status().as_u16(), header(&served, "content-type")), (200, "image/png".to_owned()));
        assert!(header(&served, "cache-control").contains("immutable"));
        assert_eq!(served.bytes().await.unwrap().as_ref(), PNG);
        let listed = app.client.call::<ListProjects>((), &ListProjectsQuery::default()).await.unwrap();
        assert_eq!(listed.items.iter().find(|p| p.id == public).and_then(|p| p.cover_url.clone()), Some(url.clone()));
        // Editing the project keeps its cover (the cover is changed only by its own requests).
        let mut input = crate::projects::project(w.lead.id, "Public, renommé", ProjectVisibility::Public);
        input.summary = w.public.summary.summary.clone();
        let edited = app.as_user(&w.lead_owner).call::<UpdateProject>(public, &input).await.unwrap();
        assert_eq!(edited.summary.cover_url, Some(url.clone()));

        // Refused pictures name `cover`, and the cover stays.
        for (body, status, code) in [
            (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec(), 422, "not_an_image"),
            (Vec::new(), 422, "required"),
            ([PNG, &vec![0u8; 1024 * 1024][..]].concat(), 413, "too_large"),
        ] {
            let p = problem(app.as_user(&w.lead_owner).upload::<UploadProjectCover>(public, &[], body, "image/svg+xml").await);
            assert_eq!((p.status, p.field("cover").map(|e| e.code.as_str())), (status, Some(code)));
        }
        assert_eq!(app.client.call::<GetProject>(public, &()).await.unwrap().summary.cover_url, Some(url.clone()));

        // A network project's cover: signed for the viewer who was shown it; to anyone else (no
        // signature, a forged one, a stranger's token) it does not exist.
        let seen = app.as_user(&w.lead_owner).upload::<UploadProjectCover>(network, &[], PNG.to_vec(), "image/png").await.unwrap();
        assert!(seen.summary.cover_url.as_deref().is_some_and(|u| u.contains("&sig=")));
        let partner_view = app.as_user(&w.partner_member).call::<GetProject>(network, &()).await.unwrap();
        let signed = partner_view.summary.cover_url.expect("the partner's member sees the cover");
        let served = reqwest::get(app.url(&signed)).await.unwrap();
        assert_eq!(served.status(), 200);
        assert!(header(&served, "cache-control").starts_with("private"), "{}", header(&served, "cache-control"));
        let unsigned = signed.split("&u=").next().unwrap().to_owned();
        assert_eq!(reqwest::get(app.url(&unsigned)).await.unwrap().status(), 404);
        assert_eq!(reqwest::get(app.url(&tamper(&signed))).await.unwrap().status(), 404);
        let stranger = app.http.get(app.url(&unsigned)).bearer_auth(&w.outsider.access_token).send().await.unwrap();
        assert_eq!(stranger.status(), 404);
        let member = app.http.get(app.url(&unsigned)).bearer_auth(&w.partner_member.access_token).send().await.unwrap();
        assert_eq!(member.status(), 200);
        // The partner leaves the project: the address signed for its member stops working.
        let mut input = crate::projects::project(w.lead.id, "Réseau", ProjectVisibility::Network);
        input.partners = Vec::new();
        app.as_user(&w.lead_owner).call::<UpdateProject>(network, &input).await.unwrap();
        assert_eq!(reqwest::get(app.url(&signed)).await.unwrap().status(), 404);

        // Removed: gone from the project and from its address.
        app.as_user(&w.lead_owner).call::<DeleteProjectCover>(public, &()).await.unwrap();
        assert_eq!(app.client.call::<GetProject>(public, &()).await.unwrap().summary.cover_url, None);
        assert_eq!(reqwest::get(app.url(&url)).await.unwrap().status(), 404);
    }
}

/// Anonymous reads of the calendar and of IATI files are limited per client address (here to 3
/// and 2 a minute); a signed-in member's calendar reads are not counted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_calendar_and_iati_reads_are_limited_per_address() {
    let vars = [("MADANI_CALENDAR_READS_PER_MINUTE", "3"), ("MADANI_FEED_READS_PER_MINUTE", "2")];
    let app = TestApp::spawn_with(madani_tests::Backend::Sqlite, &vars).await.unwrap();
    let member = app.member("reader@example.org").await;
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(app.http.get(app.url("/api/v1/calendar")).send().await.unwrap().status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429]);
    let refused = app.http.get(app.url("/api/v1/calendar")).send().await.unwrap();
    assert!(refused.headers().contains_key("retry-after"));
    for _ in 0..5 {
        assert!(
            app.as_user(&member).call::<GetCalendar>((), &CalendarQuery::default()).await.is_ok(),
            "members are not counted"
        );
    }
    let admin = app.admin("admin@madani.test").await;
    let lead = madani_tests::AssociationBuilder::new(&member).verified_by(&admin).expect_build(&app).await;
    let mut statuses = Vec::new();
    for path in ["iati.xml", "iati.json", "iati.xml"] {
        let url = app.url(&format!("/api/v1/associations/{}/projects/{path}", lead.id));
        statuses.push(app.http.get(url).send().await.unwrap().status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 429]);
}
