//! Captions of uploaded lesson videos over HTTP, on both backends: WebVTT tracks, one per
//! language, uploaded by the course's trainers, checked by content, listed with the video and
//! fetched from signed addresses; their files go with the lesson, the module or the video.

use madani_shared::auth::TokenResponse;
use madani_shared::courses::*;
use madani_shared::endpoints::*;
use madani_shared::ids::{CourseId, LessonId};
use madani_shared::text::Language;
use madani_tests::{CourseBuilder, TestApp, both_backends, fr, header, problem, tamper};

use crate::course_videos::{course_with_video_lesson, mp4};

/// A video lesson without its file.
fn video_lesson(title: &str) -> CreateLesson {
    CreateLesson {
        title: fr(title),
        kind: LessonKind::Video,
        required: true,
        body: madani_shared::LocalizedText::default(),
        url: None,
        estimated_minutes: None,
    }
}

const AR_VTT: &str = "WEBVTT\n\n00:00.000 --> 00:04.000\nمرحبًا بكم في هذا الدرس.\n\n\
                      00:04.000 --> 00:08.000\nنبدأ بالإطار المنطقي.\n";
/// With a byte order mark and a header text, both allowed.
const FR_VTT: &str = "\u{FEFF}WEBVTT - Le cadre logique\n\n00:00.000 --> 00:04.000\nBienvenue dans cette leçon.\n";
const FR_VTT_2: &str = "WEBVTT\r\n\r\n00:00.500 --> 00:04.000\r\n<i>Bienvenue</i> dans la leçon, corrigée.\r\n";

/// Upload `vtt` as the captions of `lesson` in `language`, as `who`.
async fn put_captions(
    app: &TestApp,
    who: &TokenResponse,
    (course, lesson, language): (CourseId, LessonId, Language),
    vtt: &[u8],
) -> Result<Lesson, madani_shared::ClientError> {
    app.as_user(who).upload::<UploadLessonCaptions>((course, lesson, language), &[], vtt.to_vec(), "text/vtt").await
}

/// The lesson's captions, by language, as `who` reads the lesson.
async fn captions_seen(app: &TestApp, who: &TokenResponse, course: CourseId, lesson: LessonId) -> Vec<Caption> {
    let lesson = app.as_user(who).call::<GetLesson>((course, lesson), &()).await.unwrap();
    lesson.video.map(|v| v.captions).unwrap_or_default()
}

/// The storage keys of the uploaded captions.
fn stored_captions(app: &TestApp) -> Vec<String> {
    std::fs::read_dir(app.data_dir.join("uploads/lesson-captions"))
        .map(|entries| {
            entries.flatten().map(|e| format!("lesson-captions/{}", e.file_name().to_string_lossy())).collect()
        })
        .unwrap_or_default()
}

fn field_code(p: &madani_shared::Problem) -> (u16, Option<&str>) {
    (p.status, p.field("captions").map(|e| e.code.as_str()))
}

both_backends! {
    async fn trainers_upload_a_track_per_language_and_readers_fetch_them_by_signed_address(app) {
        let staff = app.admin("staff@example.org").await;
        let trainer = app.member("trainer@example.org").await;
        let learner = app.member("learner@example.org").await;
        let (course, lesson) = course_with_video_lesson(&app, &staff, "Gestion de projet").await;
        let id = course.summary.id;
        app.as_user(&staff).call::<AddTrainerEndpoint>(id, &AddTrainer { user_id: trainer.user.id }).await.unwrap();

        // Captions go with the uploaded file: none before it.
        let p = problem(put_captions(&app, &trainer, (id, lesson, Language::Ar), AR_VTT.as_bytes()).await);
        assert_eq!((p.status, p.code.as_str()), (409, "no_video_file"));
        app.as_user(&trainer).upload::<UploadLessonVideo>((id, lesson), &[], mp4(20_000), "video/mp4").await.unwrap();

        // A trainer uploads Arabic, then French; each answer is the lesson with its tracks.
        let after_ar = put_captions(&app, &trainer, (id, lesson, Language::Ar), AR_VTT.as_bytes()).await.unwrap();
        let ar_only: Vec<Language> = after_ar.video.unwrap().captions.iter().map(|c| c.language).collect();
        assert_eq!(ar_only, [Language::Ar]);
        let after_fr = put_captions(&app, &trainer, (id, lesson, Language::Fr), FR_VTT.as_bytes()).await.unwrap();
        let video = after_fr.video.unwrap();
        assert_eq!(video.captions.iter().map(|c| c.language).collect::<Vec<_>>(), [Language::Ar, Language::Fr]);
        assert_eq!(video.captions[1].size_bytes, FR_VTT.len() as u64);
        assert_eq!(stored_captions(&app).len(), 2);

        // A learner of the course sees both, in the order ar, fr, signed until the video's time.
        app.as_user(&learner).call::<Enrol>(id, &()).await.unwrap();
        let seen = app.as_user(&learner).call::<GetLesson>((id, lesson), &()).await.unwrap().video.expect("video");
        assert_eq!(seen.captions.iter().map(|c| c.language).collect::<Vec<_>>(), [Language::Ar, Language::Fr]);
        let exp = seen.expires_at.timestamp();
        for (caption, code) in seen.captions.iter().zip(["ar", "fr"]) {
            let prefix = format!("/api/v1/media/lesson-captions/{lesson}/{code}?u={}&exp={exp}&sig=", learner.user.id);
            assert!(caption.url.starts_with(&prefix), "{}", caption.url);
        }
        // Fetched without a token (a <track> sends none), byte for byte, as WebVTT and nothing else.
        for (caption, vtt) in seen.captions.iter().zip([AR_VTT, FR_VTT]) {
            let served = reqwest::get(app.url(&caption.url)).await.unwrap();
            assert_eq!(served.status(), 200, "{}", caption.url);
            assert_eq!(header(&served, "content-type"), "text/vtt; charset=utf-8");
            assert_eq!(header(&served, "x-content-type-options"), "nosniff");
            assert!(header(&served, "content-security-policy").contains("sandbox"));
            assert!(header(&served, "cache-control").starts_with("private"), "{}", header(&served, "cache-control"));
            assert_eq!(header(&served, "content-length"), vtt.len().to_string());
            assert_eq!(served.bytes().await.unwrap().as_ref(), vtt.as_bytes());
        }
        let (ar_url, fr_url) = (app.url(&seen.captions[0].url), app.url(&seen.captions[1].url));

        // Replacing French: a new address, the old one refused, the new file served, the old file
        // gone from the storage; Arabic untouched.
        let replaced = put_captions(&app, &staff, (id, lesson, Language::Fr), FR_VTT_2.as_bytes()).await.unwrap();
        let new_fr = replaced.video.unwrap().captions.into_iter().find(|c| c.language == Language::Fr).unwrap();
        assert_ne!(app.url(&new_fr.url), fr_url);
        let old = reqwest::get(&fr_url).await.unwrap();
        assert_eq!(old.status(), 403);
        assert_eq!(old.json::<madani_shared::Problem>().await.unwrap().code.as_str(), "bad_signature");
        let served = reqwest::get(app.url(&new_fr.url)).await.unwrap();
        assert_eq!(served.bytes().await.unwrap().as_ref(), FR_VTT_2.as_bytes());
        let stored = stored_captions(&app);
        assert_eq!(stored.len(), 2, "{stored:?}");
        assert_eq!(stored.iter().filter(|k| k.contains(&format!("{lesson}-fr-"))).count(), 1, "{stored:?}");
        assert_eq!(reqwest::get(&ar_url).await.unwrap().status(), 200);

        // Tampered, for another language, for another lesson, with a longer life, or expired.
        let p: madani_shared::Problem = reqwest::get(tamper(&ar_url)).await.unwrap().json().await.unwrap();
        assert_eq!((p.status, p.code.as_str()), (403, "bad_signature"));
        let other_language = ar_url.replace(&format!("{lesson}/ar?"), &format!("{lesson}/fr?"));
        assert_eq!(reqwest::get(&other_language).await.unwrap().status(), 403);
        let text_lesson = course.modules[0].lessons[0].id;
        let elsewhere = ar_url.replace(&lesson.to_string(), &text_lesson.to_string());
        assert_eq!(reqwest::get(&elsewhere).await.unwrap().status(), 403);
        let longer = ar_url.replace(&format!("exp={exp}"), &format!("exp={}", exp + 3600));
        assert_eq!(reqwest::get(&longer).await.unwrap().status(), 403);
        let nowhere = app.url(&format!(
            "/api/v1/media/lesson-captions/01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a/ar?exp={exp}&sig=AAAA"
        ));
        assert_eq!(reqwest::get(&nowhere).await.unwrap().status(), 403, "no lesson: the same answer");
        let key = stored_captions(&app).into_iter().find(|k| k.contains(&format!("{lesson}-ar-"))).unwrap();
        let signer = madani_api::media::UrlSigner::derive(app.jwt_secret.as_bytes());
        let reader = learner.user.id.to_string();
        let resource = madani_api::courses::rows::captions_resource(&lesson.to_string(), Language::Ar, &key, &reader);
        let past = chrono::Utc::now().timestamp() - 60;
        let expired = app.url(&format!(
            "/api/v1/media/lesson-captions/{lesson}/ar?u={reader}&exp={past}&sig={}",
            signer.sign(&resource, past)
        ));
        let p: madani_shared::Problem = reqwest::get(&expired).await.unwrap().json().await.unwrap();
        assert_eq!((p.status, p.code.as_str()), (403, "link_expired"));
        // A language that is not one of ours is no address at all.
        let german = app.url(&format!("/api/v1/media/lesson-captions/{lesson}/de?exp={exp}&sig=AAAA"));
        assert_eq!(reqwest::get(&german).await.unwrap().status(), 404);

        // Removing one language keeps the other, and forgets the file.
        app.as_user(&trainer).call::<DeleteLessonCaptions>((id, lesson, Language::Fr), &()).await.unwrap();
        let left = captions_seen(&app, &learner, id, lesson).await;
        assert_eq!(left.iter().map(|c| c.language).collect::<Vec<_>>(), [Language::Ar]);
        assert_eq!(reqwest::get(app.url(&new_fr.url)).await.unwrap().status(), 403);
        assert!(stored_captions(&app).iter().all(|k| !k.contains("-fr-")), "{:?}", stored_captions(&app));
        // Again: nothing to remove, still done.
        app.as_user(&trainer).call::<DeleteLessonCaptions>((id, lesson, Language::Fr), &()).await.unwrap();

        // Replacing the video keeps the captions (the same video, re-encoded); removing it removes
        // them all.
        app.as_user(&trainer).upload::<UploadLessonVideo>((id, lesson), &[], mp4(30_000), "video/mp4").await.unwrap();
        assert_eq!(captions_seen(&app, &learner, id, lesson).await.len(), 1);
        let ar_url = app.url(&captions_seen(&app, &learner, id, lesson).await[0].url);
        assert_eq!(reqwest::get(&ar_url).await.unwrap().status(), 200);
        app.as_user(&trainer).call::<DeleteLessonVideo>((id, lesson), &()).await.unwrap();
        assert!(stored_captions(&app).is_empty(), "{:?}", stored_captions(&app));
        assert_eq!(reqwest::get(&ar_url).await.unwrap().status(), 403);
        app.as_user(&trainer).upload::<UploadLessonVideo>((id, lesson), &[], mp4(20_000), "video/mp4").await.unwrap();
        assert!(captions_seen(&app, &learner, id, lesson).await.is_empty(), "a new video starts without captions");
    }

    async fn captions_are_checked_by_content_and_only_editors_send_them(app) {
        let staff = app.admin("staff@example.org").await;
        let learner = app.member("learner@example.org").await;
        let stranger = app.member("stranger@example.org").await;
        let (course, lesson) = course_with_video_lesson(&app, &staff, "Gestion de projet").await;
        let id = course.summary.id;
        app.as_user(&staff).upload::<UploadLessonVideo>((id, lesson), &[], mp4(10_000), "video/mp4").await.unwrap();
        let at = (id, lesson, Language::Ar);

        // Not WebVTT (SubRip, a page, a picture), not UTF-8 (Latin-1, UTF-16), empty, too large:
        // refused naming `captions`, and nothing is kept.
        let too_large = [b"WEBVTT\n\n".as_slice(), &vec![b'a'; MAX_CAPTIONS_BYTES]].concat();
        for (body, expected) in [
            (b"1\n00:00:00,000 --> 00:00:04,000\nBonjour\n".to_vec(), (422, Some("not_webvtt"))),
            (b"<html><script>alert(1)</script></html>".to_vec(), (422, Some("not_webvtt"))),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), (422, Some("not_webvtt"))),
            (b"WEBVTT\n\n00:00.000 --> 00:04.000\nD\xE9j\xE0 vu\n".to_vec(), (422, Some("not_utf8"))),
            (b"\xFF\xFEW\0E\0B\0V\0T\0T\0\n\0".to_vec(), (422, Some("not_utf8"))),
            (Vec::new(), (422, Some("required"))),
            (too_large, (413, Some("too_large"))),
        ] {
            let p = problem(put_captions(&app, &staff, at, &body).await);
            assert_eq!(field_code(&p), expected, "{}", String::from_utf8_lossy(&body[..body.len().min(40)]));
        }
        assert!(stored_captions(&app).is_empty(), "{:?}", stored_captions(&app));
        assert!(captions_seen(&app, &staff, id, lesson).await.is_empty());
        // At the limit, it is taken, whatever type the upload claims.
        let at_limit = [b"WEBVTT\n\n".as_slice(), &vec![b'a'; MAX_CAPTIONS_BYTES - 8]].concat();
        let lesson_view = app.as_user(&staff)
            .upload::<UploadLessonCaptions>(at, &[], at_limit, "application/octet-stream").await.unwrap();
        assert_eq!(lesson_view.video.unwrap().captions[0].size_bytes, MAX_CAPTIONS_BYTES as u64);

        // Only a video lesson takes captions.
        let text_lesson = course.modules[0].lessons[0].id;
        let p = problem(put_captions(&app, &staff, (id, text_lesson, Language::Ar), AR_VTT.as_bytes()).await);
        assert_eq!((p.status, p.code.as_str()), (409, "not_a_video_lesson"));
        // A language that is not one of ours is no address at all.
        let german = app.url(&format!("/api/v1/courses/{id}/lessons/{lesson}/captions/de"));
        let answer = app.http.put(&german).bearer_auth(&staff.access_token).body(AR_VTT).send().await.unwrap();
        assert_eq!(answer.status(), 404);

        // A learner of the course is not one of its trainers; without a token, 401.
        app.as_user(&learner).call::<Enrol>(id, &()).await.unwrap();
        let p = problem(put_captions(&app, &learner, at, AR_VTT.as_bytes()).await);
        assert_eq!((p.status, p.code.as_str()), (403, "not_trainer"));
        let p = problem(app.as_user(&learner).call::<DeleteLessonCaptions>(at, &()).await);
        assert_eq!((p.status, p.code.as_str()), (403, "not_trainer"));
        let anonymous = app.client.upload::<UploadLessonCaptions>(at, &[], AR_VTT.as_bytes().to_vec(), "text/vtt");
        assert_eq!(problem(anonymous.await).status, 401);
        let unchanged = captions_seen(&app, &learner, id, lesson).await;
        assert_eq!(unchanged[0].size_bytes, MAX_CAPTIONS_BYTES as u64);

        // A draft is unknown to a stranger: 404, not 403.
        let draft = CourseBuilder::new(&staff)
            .title("Brouillon")
            .module("Module", |m| m.video_lesson("Vidéo"))
            .expect_build(&app)
            .await;
        let draft_at = (draft.id(), draft.lessons[0], Language::Fr);
        let as_staff = app.as_user(&staff);
        as_staff.upload::<UploadLessonVideo>((draft_at.0, draft_at.1), &[], mp4(5_000), "video/mp4").await.unwrap();
        let p = problem(put_captions(&app, &stranger, draft_at, FR_VTT.as_bytes()).await);
        assert_eq!((p.status, p.code.as_str()), (404, "not_found"));
        let p = problem(app.as_user(&stranger).call::<DeleteLessonCaptions>(draft_at, &()).await);
        assert_eq!(p.status, 404);
        // Nor does one course's trainer reach another's lesson through their own.
        let p = problem(put_captions(&app, &staff, (draft.id(), lesson, Language::Fr), FR_VTT.as_bytes()).await);
        assert_eq!(p.status, 404, "a lesson of another course");
        assert_eq!(stored_captions(&app).len(), 1, "{:?}", stored_captions(&app));
    }

    async fn deleting_a_lesson_or_a_module_removes_its_captions_files(app) {
        let staff = app.admin("staff@example.org").await;
        let (course, lesson) = course_with_video_lesson(&app, &staff, "Gestion de projet").await;
        let id = course.summary.id;
        let client = app.as_user(&staff);
        client.upload::<UploadLessonVideo>((id, lesson), &[], mp4(10_000), "video/mp4").await.unwrap();
        put_captions(&app, &staff, (id, lesson, Language::Ar), AR_VTT.as_bytes()).await.unwrap();
        let seen = put_captions(&app, &staff, (id, lesson, Language::Fr), FR_VTT.as_bytes()).await.unwrap();
        let urls: Vec<String> = seen.video.unwrap().captions.iter().map(|c| app.url(&c.url)).collect();
        assert_eq!(stored_captions(&app).len(), 2);
        client.call::<DeleteLesson>((id, lesson), &()).await.unwrap();
        assert!(stored_captions(&app).is_empty(), "{:?}", stored_captions(&app));
        for url in urls {
            assert_eq!(reqwest::get(&url).await.unwrap().status(), 403);
        }

        // A module: the captions of every lesson in it.
        let module = course.modules[0].id;
        for title in ["Première", "Seconde"] {
            let l = client.call::<CreateLessonEndpoint>((id, module), &video_lesson(title)).await.unwrap();
            client.upload::<UploadLessonVideo>((id, l.id), &[], mp4(4_000), "video/mp4").await.unwrap();
            put_captions(&app, &staff, (id, l.id, Language::En), b"WEBVTT\n").await.unwrap();
        }
        assert_eq!(stored_captions(&app).len(), 2);
        client.call::<DeleteModule>((id, module), &()).await.unwrap();
        assert!(stored_captions(&app).is_empty(), "{:?}", stored_captions(&app));
    }
}
