//! Uploaded lesson videos over HTTP, on both backends: who may upload them, what is accepted (by
//! content and size), and how they are played (by signed, expiring addresses with byte ranges).

use madani_shared::auth::TokenResponse;
use madani_shared::courses::*;
use madani_shared::endpoints::*;
use madani_shared::ids::LessonId;
use madani_tests::{Backend, CourseBuilder, PNG, TestApp, both_backends, header, problem, tamper};
/// An MP4 file of `len` bytes: an `ftyp` box, then bytes that differ from place to place, so a
/// range read from the wrong place shows.
pub(crate) fn mp4(len: usize) -> Vec<u8> {
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

/// A published course of one module: a text lesson, then a video lesson without address: (course,
/// the video lesson's id).
pub(crate) async fn course_with_video_lesson(app: &TestApp, staff: &TokenResponse, title: &str) -> (Course, LessonId) {
    let built = CourseBuilder::new(staff)
        .title(title)
        .module("Les bases", |m| m.text_lesson("Le cadre logique", true).video_lesson("La vidéo"))
        .published()
        .expect_build(app)
        .await;
    (built.course, built.lessons[1])
}

both_backends! {
    async fn uploaded_videos_play_by_signed_address_with_byte_ranges(app) {
        let staff = app.admin("staff@example.org").await;
        let learner = app.member("learner@example.org").await;
        let outsider = app.member("outsider@example.org").await;
        let trainer_b = app.member("trainer-b@example.org").await;
        let (course, lesson) = course_with_video_lesson(&app, &staff, "Gestion de projet").await;
        let id = course.summary.id;
        let (b, b_lesson) = course_with_video_lesson(&app, &staff, "Comptabilité").await;
        app.as_user(&staff).call::<AddTrainerEndpoint>(b.summary.id, &AddTrainer { user_id: trainer_b.user.id }).await.unwrap();
        let video = mp4(100_000);

        // Only the course's trainers upload, to a video lesson, an MP4 or WebM recognised by content.
        let as_b = app.as_user(&trainer_b);
        assert_eq!(problem(as_b.upload::<UploadLessonVideo>((id, lesson), &[], video.clone(), "video/mp4").await).status, 403);
        assert_eq!(problem(as_b.upload::<UploadLessonVideo>((b.summary.id, lesson), &[], video.clone(), "video/mp4").await).status, 404, "A's lesson through B");
        as_b.upload::<UploadLessonVideo>((b.summary.id, b_lesson), &[], webm(5_000), "application/octet-stream").await.unwrap();
        let text_lesson = course.modules[0].lessons[0].id;
        assert_eq!(problem(app.as_user(&staff).upload::<UploadLessonVideo>((id, text_lesson), &[], video.clone(), "video/mp4").await).status, 409);
        for (body, code) in [
            (PNG.to_vec(), "not_a_video"),
            (b"<html><script>alert(1)</script></html>".to_vec(), "not_a_video"),
            (b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf".to_vec(), "not_a_video"),
            (Vec::new(), "required"),
        ] {
            let p = problem(app.as_user(&staff).upload::<UploadLessonVideo>((id, lesson), &[], body, "video/mp4").await);
            assert_eq!((p.status, p.field("video").map(|e| e.code.as_str())), (422, Some(code)));
        }
        let uploaded = app.as_user(&staff).upload::<UploadLessonVideo>((id, lesson), &[], video.clone(), "video/mp4").await.unwrap();
        let v = uploaded.video.clone().expect("video");
        assert_eq!((v.content_type.as_str(), v.size_bytes), ("video/mp4", 100_000));

        // Readers of the lesson get an address; others get no lesson, hence no address.
        assert_eq!(problem(app.as_user(&outsider).call::<GetLesson>((id, lesson), &()).await).status, 403);
        assert_eq!(problem(as_b.call::<GetLesson>((id, lesson), &()).await).status, 403);
        let outline = serde_json::to_string(&app.client.call::<GetCourse>(id, &()).await.unwrap()).unwrap();
        assert!(!outline.contains("lesson-videos"), "the public outline names no video address");
        app.as_user(&learner).call::<Enrol>(id, &()).await.unwrap();
        let seen = app.as_user(&learner).call::<GetLesson>((id, lesson), &()).await.unwrap();
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
        let again = app.as_user(&learner).call::<GetLesson>((id, lesson), &()).await.unwrap().video.expect("address");
        let exp = again.expires_at.timestamp();
        assert_eq!(exp % 3600, 0, "{}", again.url);
        assert!(exp - chrono::Utc::now().timestamp() >= 2 * 3600 - 60);

        // A bad signature is 403, whether the lesson has a video, has none, or does not exist: a
        // stranger learns nothing of which lessons have videos.
        let bogus = |lesson: &str| app.url(&format!("/api/v1/media/lesson-videos/{lesson}?exp=9999999999&sig=AAAA"));
        for other in [lesson.to_string(), text_lesson.to_string(), "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a".to_owned()] {
            assert_eq!(reqwest::get(&bogus(&other)).await.unwrap().status(), 403, "{other}");
        }

        // Tampered, expired, or for another lesson: refused.
        assert_eq!(reqwest::get(&tamper(&url)).await.unwrap().status(), 403);
        let exp: i64 = url.split("exp=").nth(1).unwrap().split('&').next().unwrap().parse().unwrap();
        let later = url.replace(&format!("exp={exp}"), &format!("exp={}", exp + 3600));
        assert_eq!(reqwest::get(&later).await.unwrap().status(), 403, "a longer life is not granted by editing it");
        let elsewhere = url.replace(&lesson.to_string(), &b_lesson.to_string());
        assert_eq!(reqwest::get(&elsewhere).await.unwrap().status(), 403);
        let key = stored_video(&app, lesson);
        let signer = madani_api::media::UrlSigner::derive(app.jwt_secret.as_bytes());
        let past = chrono::Utc::now().timestamp() - 60;
        let reader = learner.user.id.to_string();
        let sig = signer.sign(&madani_api::courses::rows::video_resource(&lesson.to_string(), &key, &reader), past);
        let expired = app.url(&format!("/api/v1/media/lesson-videos/{lesson}?u={reader}&exp={past}&sig={sig}"));
        assert_eq!(reqwest::get(&expired).await.unwrap().status(), 403, "expired, though well signed");
        let fresh = chrono::Utc::now().timestamp() + 60;
        let sig = signer.sign(&madani_api::courses::rows::video_resource(&lesson.to_string(), &key, &reader), fresh);
        let good = app.url(&format!("/api/v1/media/lesson-videos/{lesson}?u={reader}&exp={fresh}&sig={sig}"));
        assert_eq!(reqwest::get(&good).await.unwrap().status(), 200, "the same, signed until later");

        // A trainer of B removes nothing of A's.
        assert_eq!(problem(as_b.call::<DeleteLessonVideo>((id, lesson), &()).await).status, 403);
        assert_eq!(problem(as_b.call::<DeleteLessonVideo>((b.summary.id, lesson), &()).await).status, 404, "A's lesson through B");
        assert_eq!(reqwest::get(&url).await.unwrap().status(), 200);

        // A new file: the old addresses stop working, and the old file is gone from the storage.
        let replaced = app.as_user(&staff).upload::<UploadLessonVideo>((id, lesson), &[], webm(3_000), "video/webm").await.unwrap();
        assert_eq!(replaced.video.as_ref().map(|v| v.content_type.as_str()), Some("video/webm"));
        assert_eq!(reqwest::get(&url).await.unwrap().status(), 403);
        assert_ne!(stored_video(&app, lesson), key);
        // Removed: the lesson has no video, its address leads nowhere.
        let new_url = app.url(&replaced.video.unwrap().url);
        app.as_user(&staff).call::<DeleteLessonVideo>((id, lesson), &()).await.unwrap();
        assert_eq!(app.as_user(&learner).call::<GetLesson>((id, lesson), &()).await.unwrap().video, None);
        assert_eq!(reqwest::get(&new_url).await.unwrap().status(), 403, "signed for a file that is gone");
        assert!(stored_videos(&app).iter().all(|k| !k.contains(&lesson.to_string())), "nothing left of it");
    }

    async fn deleting_a_lesson_or_a_module_removes_its_video_file(app) {
        let staff = app.admin("staff@example.org").await;
        let course = CourseBuilder::new(&staff)
            .title("Gestion de projet")
            .module("Les bases", |m| {
                m.text_lesson("Le cadre logique", true).video_lesson("La vidéo").video_lesson("Première").video_lesson("Seconde")
            })
            .published()
            .expect_build(&app)
            .await;
        let (id, lesson) = (course.id(), course.lessons[1]);
        let client = app.as_user(&staff);
        let uploaded = client.upload::<UploadLessonVideo>((id, lesson), &[], mp4(10_000), "video/mp4").await.unwrap();
        let url = app.url(&uploaded.video.expect("video").url);
        assert_eq!(reqwest::get(&url).await.unwrap().status(), 200);
        stored_video(&app, lesson);
        client.call::<DeleteLesson>((id, lesson), &()).await.unwrap();
        assert!(stored_videos(&app).is_empty(), "{:?}", stored_videos(&app));
        assert_eq!(reqwest::get(&url).await.unwrap().status(), 403);

        // A module: every video of its lessons.
        let module = course.modules[0];
        let mut urls = Vec::new();
        for &l in &course.lessons[2..] {
            let v = client.upload::<UploadLessonVideo>((id, l), &[], webm(4_000), "video/webm").await.unwrap();
            urls.push(app.url(&v.video.expect("video").url));
        }
        assert_eq!(stored_videos(&app).len(), 2);
        client.call::<DeleteModule>((id, module), &()).await.unwrap();
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

/// The storage keys of the uploaded videos.
fn stored_videos(app: &TestApp) -> Vec<String> {
    std::fs::read_dir(app.data_dir.join("uploads/lesson-videos"))
        .map(|entries| {
            entries.flatten().map(|e| format!("lesson-videos/{}", e.file_name().to_string_lossy())).collect()
        })
        .unwrap_or_default()
}

/// The storage key of the lesson's video.
fn stored_video(app: &TestApp, lesson: LessonId) -> String {
    let keys: Vec<String> = stored_videos(app).into_iter().filter(|k| k.contains(&lesson.to_string())).collect();
    assert_eq!(keys.len(), 1, "{keys:?}");
    keys[0].clone()
}

/// Videos past `MADANI_VIDEO_MAX_BYTES` are refused with a 413 naming `video`, and nothing of them
/// is kept.
async fn videos_over_the_limit_are_refused_and_not_kept(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, &[("MADANI_VIDEO_MAX_BYTES", "50000")]).await else { return };
    let staff = app.admin("staff@example.org").await;
    let (course, lesson) = course_with_video_lesson(&app, &staff, "Gestion de projet").await;
    let id = course.summary.id;
    let client = app.as_user(&staff);
    let p = problem(client.upload::<UploadLessonVideo>((id, lesson), &[], mp4(60_000), "video/mp4").await);
    assert_eq!((p.status, p.field("video").map(|e| e.code.as_str())), (413, Some("too_large")));
    // Sent without a length (chunked), it is cut off as it passes the limit.
    let (base, path, token) =
        (app.base.clone(), format!("/api/v1/courses/{id}/lessons/{lesson}/video"), staff.access_token.clone());
    let status = tokio::task::spawn_blocking(move || post_chunked(&base, &path, &token, &mp4(120_000))).await.unwrap();
    assert_eq!(status, 413);
    assert_eq!(app.as_user(&staff).call::<GetLesson>((id, lesson), &()).await.unwrap().video, None);
    assert!(stored_videos(&app).is_empty(), "nothing kept: {:?}", stored_videos(&app));
    assert!(
        std::fs::read_dir(app.data_dir.join("uploads")).map(|d| d.count()).unwrap_or(0) <= 1,
        "no stray files in the uploads"
    );
    // At the limit, it is taken.
    client.upload::<UploadLessonVideo>((id, lesson), &[], mp4(50_000), "video/mp4").await.unwrap();
}

/// An upload that stops sending is dropped after `MADANI_UPLOAD_IDLE_SECS` with a 422 naming
/// `video`, and what it had sent is not kept.
async fn a_silent_upload_is_dropped_and_not_kept(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, &[("MADANI_UPLOAD_IDLE_SECS", "1")]).await else { return };
    let staff = app.admin("staff@example.org").await;
    let (course, lesson) = course_with_video_lesson(&app, &staff, "Gestion de projet").await;
    let id = course.summary.id;
    let (base, path, token) =
        (app.base.clone(), format!("/api/v1/courses/{id}/lessons/{lesson}/video"), staff.access_token.clone());
    let started = std::time::Instant::now();
    let answer = tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut socket = start_chunked_upload(&base, &path, &token);
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
    assert_eq!(app.as_user(&staff).call::<GetLesson>((id, lesson), &()).await.unwrap().video, None);
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
    let mut socket = start_chunked_upload(base, path, token);
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn videos_over_the_limit_sqlite() {
    videos_over_the_limit_are_refused_and_not_kept(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn videos_over_the_limit_postgres() {
    videos_over_the_limit_are_refused_and_not_kept(Backend::Postgres).await
}

/// A plain socket on which the head of a chunked MP4 upload to `path` has been sent, and no chunk.
fn start_chunked_upload(base: &str, path: &str, token: &str) -> std::net::TcpStream {
    use std::io::Write;
    let host = base.trim_start_matches("http://");
    let mut socket = std::net::TcpStream::connect(host).unwrap();
    socket.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nContent-Type: video/mp4\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).unwrap();
    socket
}
