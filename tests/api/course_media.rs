//! Course covers and uploaded lesson videos over HTTP, on both backends: who may set them, what is
//! accepted (by content), how they are served (drafts' covers only to whoever sees the draft;
//! videos by signed, expiring addresses with byte ranges).

use madani_shared::LocalizedText;
use madani_shared::auth::TokenResponse;
use madani_shared::courses::*;
use madani_shared::endpoints::*;
use madani_tests::{Backend, TestApp, both_backends, problem};

use crate::courses::{fr, new_course, published};

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D,
    0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// An MP4 file of `len` bytes: an `ftyp` box, then bytes that differ from place to place, so a
/// range read from the wrong place shows.
fn mp4(len: usize) -> Vec<u8> {
    let mut bytes = b"\0\0\0\x18ftypisom\0\0\x02\0isommp41".to_vec();
    bytes.extend((bytes.len()..len).map(|i| (i % 251) as u8));
    bytes
}

/// The start of a WebM file (an EBML header with the document type `webm`), then filler.
fn webm(len: usize) -> Vec<u8> {
    let mut bytes = vec![
        0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2, 0x81, 0x04, 0x42,
        0xF3, 0x81, 0x08, 0x42, 0x82, 0x84, b'w', b'e', b'b', b'm', 0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02,
    ];
    bytes.resize(len, 7);
    bytes
}

fn video_lesson(title: &str) -> CreateLesson {
    CreateLesson {
        title: fr(title),
        kind: LessonKind::Video,
        required: true,
        body: LocalizedText::default(),
        url: None,
        estimated_minutes: Some(20),
    }
}

/// A published course whose first module ends with a video lesson without address: (course, the
/// video lesson's id).
async fn course_with_video_lesson(app: &TestApp, staff: &TokenResponse, title: &str) -> (Course, String) {
    let (course, _) = published(app, staff, title).await;
    let module = course.modules[0].id.clone();
    let lesson = app
        .as_user(staff)
        .call::<CreateLessonEndpoint>(&[&course.summary.id, &module], &video_lesson("La vidéo"))
        .await
        .unwrap();
    (course, lesson.id)
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

both_backends! {
    async fn trainers_set_a_cover_checked_like_logos_and_drafts_keep_theirs_private(app) {
        let staff = app.admin("staff@example.org").await;
        let trainer_b = app.member("trainer-b@example.org").await;
        let learner = app.member("learner@example.org").await;
        let (a, _) = published(&app, &staff, "Gestion de projet").await;
        let (b, _) = published(&app, &staff, "Comptabilité").await;
        app.as_user(&staff).call::<AddTrainerEndpoint>(&[&b.summary.id], &AddTrainer { user_id: trainer_b.user.id }).await.unwrap();
        assert_eq!(a.summary.cover_url, None);

        // A trainer of B sets B's cover, not A's; nobody else does.
        app.as_user(&trainer_b).upload::<UploadCourseCover>(&[&b.summary.id], &[], PNG.to_vec(), "image/png").await.unwrap();
        let p = problem(app.as_user(&trainer_b).upload::<UploadCourseCover>(&[&a.summary.id], &[], PNG.to_vec(), "image/png").await);
        assert_eq!(p.status, 403);
        assert_eq!(problem(app.as_user(&trainer_b).call::<DeleteCourseCover>(&[&a.summary.id], &()).await).status, 403);
        assert_eq!(problem(app.as_user(&learner).upload::<UploadCourseCover>(&[&a.summary.id], &[], PNG.to_vec(), "image/png").await).status, 403);
        assert_eq!(problem(app.client.upload::<UploadCourseCover>(&[&a.summary.id], &[], PNG.to_vec(), "image/png").await).status, 401);

        // A published course's cover: public, cached for long, served as what it is and nothing else.
        let with_cover = app.as_user(&staff).upload::<UploadCourseCover>(&[&a.summary.id], &[], PNG.to_vec(), "application/octet-stream").await.unwrap();
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
        let again = app.as_user(&staff).upload::<UploadCourseCover>(&[&a.summary.id], &[], PNG.to_vec(), "image/png").await.unwrap();
        let url_again = again.summary.cover_url.clone().expect("cover_url");
        assert_ne!(url_again, url, "each upload has its own key");
        let of_a: Vec<String> = stored(&app, "covers").into_iter().filter(|f| f.starts_with(&a.summary.id)).collect();
        assert_eq!(of_a.len(), 1, "{of_a:?}");
        let served = reqwest::get(app.url(&url)).await.unwrap();
        assert!(!header(&served, "cache-control").contains("immutable"), "the old address is not immutable any more");
        let served = reqwest::get(app.url(&url_again)).await.unwrap();
        assert!(header(&served, "cache-control").contains("immutable"));
        let url = url_again;
        let catalog = app.client.call::<ListCourses>(&[], &CatalogQuery::default()).await.unwrap();
        assert_eq!(catalog.items.iter().find(|c| c.id == a.summary.id).and_then(|c| c.cover_url.clone()), Some(url.clone()));

        // Not a picture, a scriptable SVG, an empty body, too large: refused naming `cover`, and the
        // cover stays.
        for (body, status, code) in [
            (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec(), 422, "not_an_image"),
            (Vec::new(), 422, "required"),
            ([PNG, &vec![0u8; 1024 * 1024][..]].concat(), 413, "too_large"),
        ] {
            let p = problem(app.as_user(&staff).upload::<UploadCourseCover>(&[&a.summary.id], &[], body, "image/svg+xml").await);
            assert_eq!((p.status, p.field("cover").map(|e| e.code.as_str())), (status, Some(code)));
        }
        assert_eq!(app.client.call::<GetCourse>(&[&a.summary.id], &()).await.unwrap().summary.cover_url, Some(url.clone()));

        // A draft's cover is for those who see the draft: its signed address, or their token.
        let draft = app.as_user(&staff).call::<CreateCourseEndpoint>(&[], &new_course("Brouillon")).await.unwrap();
        let draft_view = app.as_user(&staff).upload::<UploadCourseCover>(&[&draft.summary.id], &[], PNG.to_vec(), "image/png").await.unwrap();
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
        let mine = app.as_user(&staff).call::<ListCourses>(&[], &CatalogQuery { mine: Some(true), ..Default::default() }).await.unwrap();
        assert!(mine.items.iter().any(|c| c.id == draft.summary.id && c.cover_url.as_deref().is_some_and(|u| u.contains("sig="))));

        // Archived, the course's cover is no longer public: its address is signed, the public one
        // leads nowhere for a stranger, and nothing is cached for long.
        let (archived, _) = published(&app, &staff, "Archivé").await;
        let public_url = app.as_user(&staff).upload::<UploadCourseCover>(&[&archived.summary.id], &[], PNG.to_vec(), "image/png").await.unwrap().summary.cover_url.expect("cover_url");
        let update = UpdateCourse { status: Some(CourseStatus::Archived), ..Default::default() };
        let archived_view = app.as_user(&staff).call::<UpdateCourseEndpoint>(&[&archived.summary.id], &update).await.unwrap();
        let signed = archived_view.summary.cover_url.expect("cover_url");
        assert!(signed.contains("&sig="), "{signed}");
        assert_eq!(reqwest::get(app.url(&public_url)).await.unwrap().status(), 404);
        let served = reqwest::get(app.url(&signed)).await.unwrap();
        assert_eq!(served.status(), 200);
        assert!(header(&served, "cache-control").starts_with("private"), "{}", header(&served, "cache-control"));

        // Removed: gone from the course and from its address.
        app.as_user(&staff).call::<DeleteCourseCover>(&[&a.summary.id], &()).await.unwrap();
        assert_eq!(app.client.call::<GetCourse>(&[&a.summary.id], &()).await.unwrap().summary.cover_url, None);
        assert_eq!(reqwest::get(app.url(&url)).await.unwrap().status(), 404);
    }

    async fn uploaded_videos_play_by_signed_address_with_byte_ranges(app) {
        let staff = app.admin("staff@example.org").await;
        let learner = app.member("learner@example.org").await;
        let outsider = app.member("outsider@example.org").await;
        let trainer_b = app.member("trainer-b@example.org").await;
        let (course, lesson) = course_with_video_lesson(&app, &staff, "Gestion de projet").await;
        let id = course.summary.id.clone();
        let (b, b_lesson) = course_with_video_lesson(&app, &staff, "Comptabilité").await;
        app.as_user(&staff).call::<AddTrainerEndpoint>(&[&b.summary.id], &AddTrainer { user_id: trainer_b.user.id }).await.unwrap();
        let video = mp4(100_000);

        // Only the course's trainers upload, to a video lesson, an MP4 or WebM recognised by content.
        let as_b = app.as_user(&trainer_b);
        assert_eq!(problem(as_b.upload::<UploadLessonVideo>(&[&id, &lesson], &[], video.clone(), "video/mp4").await).status, 403);
        assert_eq!(problem(as_b.upload::<UploadLessonVideo>(&[&b.summary.id, &lesson], &[], video.clone(), "video/mp4").await).status, 404, "A's lesson through B");
        as_b.upload::<UploadLessonVideo>(&[&b.summary.id, &b_lesson], &[], webm(5_000), "application/octet-stream").await.unwrap();
        let text_lesson = course.modules[0].lessons[0].id.clone();
        assert_eq!(problem(app.as_user(&staff).upload::<UploadLessonVideo>(&[&id, &text_lesson], &[], video.clone(), "video/mp4").await).status, 409);
        for (body, code) in [
            (PNG.to_vec(), "not_a_video"),
            (b"<html><script>alert(1)</script></html>".to_vec(), "not_a_video"),
            (b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf".to_vec(), "not_a_video"),
            (Vec::new(), "required"),
        ] {
            let p = problem(app.as_user(&staff).upload::<UploadLessonVideo>(&[&id, &lesson], &[], body, "video/mp4").await);
            assert_eq!((p.status, p.field("video").map(|e| e.code.as_str())), (422, Some(code)));
        }
        let uploaded = app.as_user(&staff).upload::<UploadLessonVideo>(&[&id, &lesson], &[], video.clone(), "video/mp4").await.unwrap();
        let v = uploaded.video.clone().expect("video");
        assert_eq!((v.content_type.as_str(), v.size_bytes), ("video/mp4", 100_000));

        // Readers of the lesson get an address; others get no lesson, hence no address.
        assert_eq!(problem(app.as_user(&outsider).call::<GetLesson>(&[&id, &lesson], &()).await).status, 403);
        assert_eq!(problem(as_b.call::<GetLesson>(&[&id, &lesson], &()).await).status, 403);
        let outline = serde_json::to_string(&app.client.call::<GetCourse>(&[&id], &()).await.unwrap()).unwrap();
        assert!(!outline.contains("lesson-videos"), "the public outline names no video address");
        app.as_user(&learner).call::<Enrol>(&[&id], &()).await.unwrap();
        let seen = app.as_user(&learner).call::<GetLesson>(&[&id, &lesson], &()).await.unwrap();
        let url = app.url(&seen.video.expect("the learner's address").url);

        // The whole file, without any token: a <video> sends none.
        let whole = reqwest::get(&url).await.unwrap();
        assert_eq!((whole.status().as_u16(), header(&whole, "accept-ranges")), (200, "bytes".into()));
        assert_eq!((header(&whole, "content-type"), header(&whole, "content-length")), ("video/mp4".into(), "100000".into()));
        assert_eq!(header(&whole, "x-content-type-options"), "nosniff");
        assert_eq!(whole.bytes().await.unwrap().as_ref(), &video[..]);
        // Ranges: exactly the bytes asked for.
        let range = |spec: &'static str| {
            let (http, url) = (app.http.clone(), url.clone());
            async move { http.get(&url).header("range", spec).send().await.unwrap() }
        };
        let part = range("bytes=1000-1999").await;
        assert_eq!(part.status(), 206);
        assert_eq!((header(&part, "content-range"), header(&part, "content-length")), ("bytes 1000-1999/100000".into(), "1000".into()));
        assert_eq!(part.bytes().await.unwrap().as_ref(), &video[1000..2000]);
        let tail = range("bytes=99990-").await;
        assert_eq!((tail.status().as_u16(), header(&tail, "content-range")), (206, "bytes 99990-99999/100000".into()));
        assert_eq!(tail.bytes().await.unwrap().as_ref(), &video[99_990..]);
        let last = range("bytes=-16").await;
        assert_eq!((last.status().as_u16(), header(&last, "content-range")), (206, "bytes 99984-99999/100000".into()));
        assert_eq!(last.bytes().await.unwrap().as_ref(), &video[100_000 - 16..]);
        // The unit is case-insensitive; a last position too large for any file means the end.
        let upper = range("Bytes=0-9").await;
        assert_eq!((upper.status().as_u16(), header(&upper, "content-range")), (206, "bytes 0-9/100000".into()));
        let huge = range("bytes=99000-99999999999999999999999").await;
        assert_eq!((huge.status().as_u16(), header(&huge, "content-range")), (206, "bytes 99000-99999/100000".into()));
        // Several ranges at once are not served as such: the whole file.
        let several = range("bytes=0-9,20-29").await;
        assert_eq!(several.status(), 200);
        assert_eq!(several.bytes().await.unwrap().as_ref(), &video[..]);
        // HEAD: the same headers, no body.
        let head = app.http.head(&url).send().await.unwrap();
        assert_eq!((head.status().as_u16(), header(&head, "content-length")), (200, "100000".into()));
        assert_eq!((header(&head, "content-type"), header(&head, "accept-ranges")), ("video/mp4".into(), "bytes".into()));
        assert!(head.bytes().await.unwrap().is_empty());
        let head = app.http.head(&url).header("range", "bytes=10-19").send().await.unwrap();
        assert_eq!((head.status().as_u16(), header(&head, "content-range")), (206, "bytes 10-19/100000".into()));
        assert_eq!(header(&head, "content-length"), "10");
        let beyond = range("bytes=100000-").await;
        assert_eq!((beyond.status().as_u16(), header(&beyond, "content-range")), (416, "bytes */100000".into()));
        // A stale If-Range gets the whole (current) file rather than a piece of it.
        let stale = app.http.get(&url).header("range", "bytes=0-9").header("if-range", "\"old\"").send().await.unwrap();
        assert_eq!(stale.status(), 200);
        // The current one gets the piece.
        let etag = header(&whole_again(&app, &url).await, "etag");
        let current = app.http.get(&url).header("range", "bytes=0-9").header("if-range", &etag).send().await.unwrap();
        assert_eq!((current.status().as_u16(), header(&current, "content-range")), (206, "bytes 0-9/100000".into()));
        assert_eq!(current.bytes().await.unwrap().as_ref(), &video[..10]);
        // The address ends on a clock hour, at least two hours away: fetched again within the hour,
        // the lesson gives the same one, and the browser's cache works.
        let again = app.as_user(&learner).call::<GetLesson>(&[&id, &lesson], &()).await.unwrap().video.expect("address");
        let exp = again.expires_at.timestamp();
        assert_eq!(exp % 3600, 0, "{}", again.url);
        assert!(exp - chrono::Utc::now().timestamp() >= 2 * 3600 - 60);

        // A bad signature is 403, whether the lesson has a video, has none, or does not exist: a
        // stranger learns nothing of which lessons have videos.
        let bogus = |lesson: &str| app.url(&format!("/api/v1/media/lesson-videos/{lesson}?exp=9999999999&sig=AAAA"));
        for other in [lesson.clone(), text_lesson.clone(), "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a".to_owned()] {
            assert_eq!(reqwest::get(&bogus(&other)).await.unwrap().status(), 403, "{other}");
        }

        // Tampered, expired, or for another lesson: refused.
        assert_eq!(reqwest::get(&tamper(&url)).await.unwrap().status(), 403);
        let exp: i64 = url.split("exp=").nth(1).unwrap().split('&').next().unwrap().parse().unwrap();
        let later = url.replace(&format!("exp={exp}"), &format!("exp={}", exp + 3600));
        assert_eq!(reqwest::get(&later).await.unwrap().status(), 403, "a longer life is not granted by editing it");
        let elsewhere = url.replace(&lesson, &b_lesson);
        assert_eq!(reqwest::get(&elsewhere).await.unwrap().status(), 403);
        let key = stored_video(&app, &lesson);
        let signer = madani_api::media::UrlSigner::derive(app.jwt_secret.as_bytes());
        let past = chrono::Utc::now().timestamp() - 60;
        let sig = signer.sign(&madani_api::courses::rows::video_resource(&lesson, &key), past);
        let expired = app.url(&format!("/api/v1/media/lesson-videos/{lesson}?exp={past}&sig={sig}"));
        assert_eq!(reqwest::get(&expired).await.unwrap().status(), 403, "expired, though well signed");
        let fresh = chrono::Utc::now().timestamp() + 60;
        let sig = signer.sign(&madani_api::courses::rows::video_resource(&lesson, &key), fresh);
        let good = app.url(&format!("/api/v1/media/lesson-videos/{lesson}?exp={fresh}&sig={sig}"));
        assert_eq!(reqwest::get(&good).await.unwrap().status(), 200, "the same, signed until later");

        // A trainer of B removes nothing of A's.
        assert_eq!(problem(as_b.call::<DeleteLessonVideo>(&[&id, &lesson], &()).await).status, 403);
        assert_eq!(problem(as_b.call::<DeleteLessonVideo>(&[&b.summary.id, &lesson], &()).await).status, 404, "A's lesson through B");
        assert_eq!(reqwest::get(&url).await.unwrap().status(), 200);

        // A new file: the old addresses stop working, and the old file is gone from the storage.
        let replaced = app.as_user(&staff).upload::<UploadLessonVideo>(&[&id, &lesson], &[], webm(3_000), "video/webm").await.unwrap();
        assert_eq!(replaced.video.as_ref().map(|v| v.content_type.as_str()), Some("video/webm"));
        assert_eq!(reqwest::get(&url).await.unwrap().status(), 403);
        assert_ne!(stored_video(&app, &lesson), key);
        // Removed: the lesson has no video, its address leads nowhere.
        let new_url = app.url(&replaced.video.unwrap().url);
        app.as_user(&staff).call::<DeleteLessonVideo>(&[&id, &lesson], &()).await.unwrap();
        assert_eq!(app.as_user(&learner).call::<GetLesson>(&[&id, &lesson], &()).await.unwrap().video, None);
        assert_eq!(reqwest::get(&new_url).await.unwrap().status(), 403, "signed for a file that is gone");
        assert!(stored_videos(&app).iter().all(|k| !k.contains(&lesson)), "nothing left of it");
    }

    async fn deleting_a_lesson_or_a_module_removes_its_video_file(app) {
        let staff = app.admin("staff@example.org").await;
        let (course, lesson) = course_with_video_lesson(&app, &staff, "Gestion de projet").await;
        let id = course.summary.id.clone();
        let client = app.as_user(&staff);
        let uploaded = client.upload::<UploadLessonVideo>(&[&id, &lesson], &[], mp4(10_000), "video/mp4").await.unwrap();
        let url = app.url(&uploaded.video.expect("video").url);
        assert_eq!(reqwest::get(&url).await.unwrap().status(), 200);
        stored_video(&app, &lesson);
        client.call::<DeleteLesson>(&[&id, &lesson], &()).await.unwrap();
        assert!(stored_videos(&app).is_empty(), "{:?}", stored_videos(&app));
        assert_eq!(reqwest::get(&url).await.unwrap().status(), 403);

        // A module: every video of its lessons.
        let module = course.modules[0].id.clone();
        let mut urls = Vec::new();
        for title in ["Première", "Seconde"] {
            let l = client.call::<CreateLessonEndpoint>(&[&id, &module], &video_lesson(title)).await.unwrap();
            let v = client.upload::<UploadLessonVideo>(&[&id, &l.id], &[], webm(4_000), "video/webm").await.unwrap();
            urls.push(app.url(&v.video.expect("video").url));
        }
        assert_eq!(stored_videos(&app).len(), 2);
        client.call::<DeleteModule>(&[&id, &module], &()).await.unwrap();
        assert!(stored_videos(&app).is_empty(), "{:?}", stored_videos(&app));
        for url in urls {
            assert_eq!(reqwest::get(&url).await.unwrap().status(), 403);
        }
    }
}

/// A second plain GET of `url`.
async fn whole_again(app: &TestApp, url: &str) -> reqwest::Response {
    let response = app.http.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response
}

/// The names of the files stored under `dir` of the uploads.
fn stored(app: &TestApp, dir: &str) -> Vec<String> {
    std::fs::read_dir(app.data_dir.join("uploads").join(dir))
        .map(|entries| entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}

/// The storage keys of the uploaded videos.
fn stored_videos(app: &TestApp) -> Vec<String> {
    std::fs::read_dir(app.data_dir.join("uploads/lesson-videos"))
        .map(|entries| {
            entries.flatten().map(|e| format!("lesson-videos/{}", e.file_name().to_string_lossy())).collect()
        })
        .unwrap_or_default()
}

/// The storage key of the lesson's video.
fn stored_video(app: &TestApp, lesson: &str) -> String {
    let keys: Vec<String> = stored_videos(app).into_iter().filter(|k| k.contains(lesson)).collect();
    assert_eq!(keys.len(), 1, "{keys:?}");
    keys[0].clone()
}

/// Videos past `MADANI_VIDEO_MAX_BYTES` are refused with a 413 naming `video`, and nothing of them
/// is kept.
async fn videos_over_the_limit_are_refused_and_not_kept(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, &[("MADANI_VIDEO_MAX_BYTES", "50000")]).await else { return };
    let staff = app.admin("staff@example.org").await;
    let (course, lesson) = course_with_video_lesson(&app, &staff, "Gestion de projet").await;
    let id = course.summary.id.clone();
    let client = app.as_user(&staff);
    let p = problem(client.upload::<UploadLessonVideo>(&[&id, &lesson], &[], mp4(60_000), "video/mp4").await);
    assert_eq!((p.status, p.field("video").map(|e| e.code.as_str())), (413, Some("too_large")));
    // Sent without a length (chunked), it is cut off as it passes the limit.
    let (base, path, token) =
        (app.base.clone(), format!("/api/v1/courses/{id}/lessons/{lesson}/video"), staff.access_token.clone());
    let status = tokio::task::spawn_blocking(move || post_chunked(&base, &path, &token, &mp4(120_000))).await.unwrap();
    assert_eq!(status, 413);
    assert_eq!(app.as_user(&staff).call::<GetLesson>(&[&id, &lesson], &()).await.unwrap().video, None);
    assert!(stored_videos(&app).is_empty(), "nothing kept: {:?}", stored_videos(&app));
    assert!(
        std::fs::read_dir(app.data_dir.join("uploads")).map(|d| d.count()).unwrap_or(0) <= 1,
        "no stray files in the uploads"
    );
    // At the limit, it is taken.
    client.upload::<UploadLessonVideo>(&[&id, &lesson], &[], mp4(50_000), "video/mp4").await.unwrap();
}

/// An upload that stops sending is dropped after `MADANI_UPLOAD_IDLE_SECS` with a 422 naming
/// `video`, and what it had sent is not kept.
async fn a_silent_upload_is_dropped_and_not_kept(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, &[("MADANI_UPLOAD_IDLE_SECS", "1")]).await else { return };
    let staff = app.admin("staff@example.org").await;
    let (course, lesson) = course_with_video_lesson(&app, &staff, "Gestion de projet").await;
    let id = course.summary.id.clone();
    let (base, path, token) =
        (app.base.clone(), format!("/api/v1/courses/{id}/lessons/{lesson}/video"), staff.access_token.clone());
    let started = std::time::Instant::now();
    let answer = tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let host = base.trim_start_matches("http://");
        let mut socket = std::net::TcpStream::connect(host).unwrap();
        socket.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nContent-Type: video/mp4\r\n\
             Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        );
        socket.write_all(head.as_bytes()).unwrap();
        let chunk = mp4(8192);
        socket.write_all(&[format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat()).unwrap();
        // And then nothing: the answer comes all the same (its end, not the connection's, counts).
        let mut answer = Vec::new();
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&answer).contains("\"errors\"") {
            match socket.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
        String::from_utf8_lossy(&answer).into_owned()
    })
    .await
    .unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(15), "{:?}", started.elapsed());
    assert!(answer.starts_with("HTTP/1.1 422"), "{answer}");
    assert!(answer.contains("\"video\""), "{answer}");
    assert_eq!(app.as_user(&staff).call::<GetLesson>(&[&id, &lesson], &()).await.unwrap().video, None);
    assert!(stored_videos(&app).is_empty(), "nothing kept, not even a part: {:?}", stored_videos(&app));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_upload_is_dropped_sqlite() {
    a_silent_upload_is_dropped_and_not_kept(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_upload_is_dropped_postgres() {
    a_silent_upload_is_dropped_and_not_kept(Backend::Postgres).await
}

/// POST `body` to `path` with `Transfer-Encoding: chunked` (no length announced) over a plain
/// socket, as the typed client cannot; the answer's status.
fn post_chunked(base: &str, path: &str, token: &str, body: &[u8]) -> u16 {
    use std::io::{Read, Write};
    let host = base.trim_start_matches("http://");
    let mut socket = std::net::TcpStream::connect(host).unwrap();
    socket.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nContent-Type: video/mp4\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).unwrap();
    // The server may answer before the end: later writes may fail, the answer is what counts.
    for chunk in body.chunks(8192) {
        let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
        if socket.write_all(&framed).is_err() {
            break;
        }
    }
    let _ = socket.write_all(b"0\r\n\r\n");
    let mut answer = Vec::new();
    let _ = socket.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no status in {answer:?}"))
}

/// `url` with one character of its signature changed.
fn tamper(url: &str) -> String {
    let at = url.find("sig=").expect("signed") + 4 + 10;
    let changed = if &url[at..at + 1] == "A" { "B" } else { "A" };
    format!("{}{changed}{}", &url[..at], &url[at + 1..])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn videos_over_the_limit_sqlite() {
    videos_over_the_limit_are_refused_and_not_kept(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn videos_over_the_limit_postgres() {
    videos_over_the_limit_are_refused_and_not_kept(Backend::Postgres).await
}
