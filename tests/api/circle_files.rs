//! Files posted in circles, on both backends: recognised by their content and size-limited; written
//! by members only (not observers, not outsiders); seen by their uploader only until posted; then
//! read by whoever reads the post (anyone in an open circle, members only elsewhere, moderators only
//! once the post is hidden) and by no one once it is deleted; a member posts only their own uploads
//! of that circle; uploads no post took are swept.

use madani_shared::auth::TokenResponse;
use madani_shared::circles::*;
use madani_shared::consultations::ModerationAction;
use madani_shared::endpoints::*;
use madani_shared::ids::{AttachmentId, CircleId};
use madani_shared::messaging::Attachment;
use madani_shared::page::PageQuery;
use madani_shared::{ErrorCode, Problem};
use madani_tests::{TestApp, both_backends};

use crate::circles::{assert_invalid, cast, circle, create, join, opening, post, start_thread};
use crate::consultations::institution;
use crate::message_attachments::walk;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

async fn upload(app: &TestApp, who: &TokenResponse, circle: CircleId, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    app.http
        .post(app.url(&format!("/api/v1/circles/{circle}/attachments?name={name}")))
        .bearer_auth(&who.access_token)
        .header("content-type", "application/octet-stream")
        .body(bytes)
        .send()
        .await
        .expect("upload")
}

async fn uploaded(app: &TestApp, who: &TokenResponse, circle: CircleId, name: &str) -> Attachment {
    let response = upload(app, who, circle, name, PDF.to_vec()).await;
    assert_eq!(response.status().as_u16(), 201, "upload {name}");
    response.json().await.unwrap()
}

async fn status(app: &TestApp, who: Option<&TokenResponse>, url: &str) -> u16 {
    let mut request = app.http.get(app.url(url));
    if let Some(who) = who {
        request = request.bearer_auth(&who.access_token);
    }
    request.send().await.expect("fetch").status().as_u16()
}

fn with_files<T>(mut body: T, files: &[&Attachment], set: impl FnOnce(&mut T, Vec<AttachmentId>)) -> T {
    set(&mut body, files.iter().map(|a| a.id).collect());
    body
}

both_backends! {
    async fn a_posted_file_is_read_by_whoever_reads_its_post(app) {
        let c = cast(&app).await;
        let open = create(&app, &c.nadia, &circle("Jeunesse et engagement", JoinPolicy::Open)).await;
        join(&app, &c.amina, open.id).await;
        join(&app, &c.bilal, open.id).await;

        let file = uploaded(&app, &c.amina, open.id, "programme.pdf").await;
        assert_eq!((file.name.as_str(), file.content_type.as_str(), file.size), ("programme.pdf", "application/pdf", PDF.len() as i64));
        assert!(file.url.starts_with("/api/v1/circle-attachments/"), "{}", file.url);
        // Waiting for its post: its uploader only.
        assert_eq!(status(&app, Some(&c.amina), &file.url).await, 200);
        for other in [Some(&c.bilal), Some(&c.nadia), None] {
            assert_eq!(status(&app, other, &file.url).await, 404);
        }

        // Posted with a thread's opening post: anyone reads an open circle's.
        let body = with_files(opening("Programme de l'atelier", "Le programme est joint."), &[&file], |b, ids| b.attachment_ids = ids);
        let thread = app.as_user(&c.amina).call::<StartThread>(open.id, &body).await.unwrap().thread;
        let posts = app.client.call::<ListPosts>(thread.id, &PageQuery::default()).await.unwrap();
        assert_eq!(posts.items[0].attachments, vec![file.clone()]);
        let response = app.http.get(app.url(&file.url)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "a visitor reads an open circle's file");
        assert_eq!(response.headers()["content-type"], "application/pdf");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
        assert!(disposition.starts_with("attachment") && disposition.contains("programme.pdf"), "{disposition}");
        assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);

        // With a reply too; hidden by a moderator, its files are the moderators' only.
        let second = uploaded(&app, &c.bilal, open.id, "devis.pdf").await;
        let reply = with_files(post("Le devis de la salle"), &[&second], |b, ids| b.attachment_ids = ids);
        let answer = app.as_user(&c.bilal).call::<ReplyCall>(thread.id, &reply).await.unwrap();
        assert_eq!(answer.attachments, vec![second.clone()]);
        assert_eq!(status(&app, Some(&c.amina), &second.url).await, 200);
        let hide = CircleModerationDecision { post_id: answer.id, action: ModerationAction::Hide, reason: "Hors sujet".into() };
        app.as_user(&c.nadia).call::<DecideCircleModeration>(open.id, &hide).await.unwrap();
        for reader in [Some(&c.amina), Some(&c.bilal), None] {
            assert_eq!(status(&app, reader, &second.url).await, 404, "a hidden post's file");
        }
        assert_eq!(status(&app, Some(&c.nadia), &second.url).await, 200, "its moderator still reads it");
        let seen = app.as_user(&c.amina).call::<ListPosts>(thread.id, &PageQuery::default()).await.unwrap();
        assert!(seen.items.iter().find(|p| p.id == answer.id).unwrap().attachments.is_empty());
        let moderated = app.as_user(&c.nadia).call::<ListPosts>(thread.id, &PageQuery::default()).await.unwrap();
        assert_eq!(moderated.items.iter().find(|p| p.id == answer.id).unwrap().attachments, vec![second.clone()]);

        // Deleted: its file goes with it.
        let opening_post = posts.items[0].id;
        let gone = app.as_user(&c.amina).call::<DeletePost>(opening_post, &()).await.unwrap();
        assert!(gone.deleted && gone.attachments.is_empty());
        assert_eq!(status(&app, Some(&c.amina), &file.url).await, 404, "not even its uploader's");
        let reposted = with_files(post("Encore"), &[&file], |b, ids| b.attachment_ids = ids);
        assert_invalid(app.as_user(&c.amina).call::<ReplyCall>(thread.id, &reposted).await, "attachment_ids", "unknown");
        let none = "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7b10";
        assert_eq!(status(&app, Some(&c.amina), &format!("/api/v1/circle-attachments/{none}")).await, 404);
    }

    async fn a_closed_circles_files_are_its_members_and_only_members_upload(app) {
        let c = cast(&app).await;
        let omar = app.member("omar@wilaya-oran.example").await;
        institution(&app, &c.admin, &omar, "Direction de la jeunesse d'Oran").await;
        let body = NewCircle { observers_allowed: true, ..circle("Droits des femmes", JoinPolicy::Request) };
        let closed = create(&app, &c.nadia, &body).await;
        let invite = create(&app, &c.nadia, &circle("Coordination des présidents", JoinPolicy::Invite)).await;
        app.as_user(&omar).call::<JoinCircleCall>(closed.id, &JoinCircle { observer: true }).await.unwrap();

        // Who uploads: its moderator, not an observer, not an outsider; an invite circle is hidden.
        let file = uploaded(&app, &c.nadia, closed.id, "charte.pdf").await;
        let observer: Problem = upload(&app, &omar, closed.id, "x.pdf", PDF.to_vec()).await.json().await.unwrap();
        assert_eq!((observer.status, observer.code), (403, ErrorCode::CircleReadOnly));
        let outsider: Problem = upload(&app, &c.amina, closed.id, "x.pdf", PDF.to_vec()).await.json().await.unwrap();
        assert_eq!((outsider.status, outsider.code), (403, ErrorCode::NotCircleMember));
        assert_eq!(upload(&app, &c.amina, invite.id, "x.pdf", PDF.to_vec()).await.status().as_u16(), 404);

        let body = with_files(opening("Charte du cercle", "La charte, à lire."), &[&file], |b, ids| b.attachment_ids = ids);
        start_thread(&app, &c.nadia, closed.id, &body).await;
        // Its members and observers read it; a member who is not, or a visitor, does not.
        assert_eq!(status(&app, Some(&omar), &file.url).await, 200);
        assert_eq!(status(&app, Some(&c.amina), &file.url).await, 404);
        assert_eq!(status(&app, None, &file.url).await, 401);
    }

    async fn only_your_own_uploads_of_that_circle_are_posted(app) {
        let c = cast(&app).await;
        let open = create(&app, &c.nadia, &circle("Jeunesse et engagement", JoinPolicy::Open)).await;
        let other = create(&app, &c.nadia, &circle("Culture", JoinPolicy::Open)).await;
        for id in [open.id, other.id] {
            join(&app, &c.amina, id).await;
            join(&app, &c.bilal, id).await;
        }
        let thread = start_thread(&app, &c.amina, open.id, &opening("Atelier", "Qui vient ?")).await;
        let mine = uploaded(&app, &c.amina, open.id, "a.pdf").await;
        let elsewhere = uploaded(&app, &c.amina, other.id, "b.pdf").await;

        // Bilal cannot post Amina's upload; Amina cannot post another circle's here; nothing is
        // written when refused.
        let theirs = with_files(post("Voilà"), &[&mine], |b, ids| b.attachment_ids = ids);
        assert_invalid(app.as_user(&c.bilal).call::<ReplyCall>(thread.id, &theirs).await, "attachment_ids", "unknown");
        let foreign = with_files(post("Voilà"), &[&elsewhere], |b, ids| b.attachment_ids = ids);
        assert_invalid(app.as_user(&c.amina).call::<ReplyCall>(thread.id, &foreign).await, "attachment_ids", "unknown");
        let twice = with_files(post("Voilà"), &[&mine, &mine], |b, ids| b.attachment_ids = ids);
        assert_invalid(app.as_user(&c.amina).call::<ReplyCall>(thread.id, &twice).await, "attachment_ids", "unknown");
        let thread_now = app.as_user(&c.amina).call::<GetThread>(thread.id, &()).await.unwrap().thread;
        assert_eq!(thread_now.reply_count, 0, "the refused replies are not there");
        let sent = app.as_user(&c.amina).call::<ReplyCall>(thread.id, &theirs).await.unwrap();
        assert_eq!(sent.attachments, vec![mine.clone()]);
        let again = with_files(post("Encore"), &[&mine], |b, ids| b.attachment_ids = ids);
        assert_invalid(app.as_user(&c.amina).call::<ReplyCall>(thread.id, &again).await, "attachment_ids", "unknown");
        // Five files to a post at most; a thread refused for its files leaves no thread behind.
        let six: Vec<Attachment> = {
            let mut files = Vec::new();
            for n in 0..6 {
                files.push(uploaded(&app, &c.amina, open.id, &format!("f{n}.pdf")).await);
            }
            files
        };
        let refs: Vec<&Attachment> = six.iter().collect();
        let too_many = with_files(opening("Six fichiers", "Trop"), &refs, |b, ids| b.attachment_ids = ids);
        assert_invalid(app.as_user(&c.amina).call::<StartThread>(open.id, &too_many).await, "attachment_ids", "length");
        let stray = with_files(opening("Fichier d'ailleurs", "Non"), &[&elsewhere], |b, ids| b.attachment_ids = ids);
        assert_invalid(app.as_user(&c.amina).call::<StartThread>(open.id, &stray).await, "attachment_ids", "unknown");
        let threads = app.client.call::<ListThreads>(open.id, &ThreadsQuery::default()).await.unwrap();
        assert_eq!(threads.items.len(), 1, "no thread was left half-written");
    }

    async fn only_pictures_and_pdf_within_10_mb_and_unposted_uploads_are_swept(app) {
        let c = cast(&app).await;
        let open = create(&app, &c.nadia, &circle("Jeunesse et engagement", JoinPolicy::Open)).await;
        join(&app, &c.amina, open.id).await;
        for (name, bytes) in [
            ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".to_vec()),
            ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00".to_vec()),
        ] {
            let refused: Problem = upload(&app, &c.amina, open.id, name, bytes).await.json().await.unwrap();
            assert_eq!(refused.field("file").map(|e| e.code.as_str()), Some("not_allowed"), "{name}");
        }
        let mut big = PDF.to_vec();
        big.resize(10 * 1024 * 1024 + 1, b' ');
        assert_eq!(upload(&app, &c.amina, open.id, "big.pdf", big).await.status().as_u16(), 413);
        let anonymous = app.http.post(app.url(&format!("/api/v1/circles/{}/attachments", open.id))).body(PDF.to_vec());
        assert_eq!(anonymous.send().await.unwrap().status().as_u16(), 401);

        let forgotten = uploaded(&app, &c.amina, open.id, "oublie.pdf").await;
        let recent = uploaded(&app, &c.amina, open.id, "recent.pdf").await;
        app.sql(format!("UPDATE circle_attachments SET created_at = '2020-01-01 00:00:00' WHERE id = '{}'", forgotten.id)).await;
        let stored = || walk(&app.data_dir).into_iter().filter(|f| f.extension().is_some_and(|e| e == "pdf")).count();
        assert_eq!(stored(), 2);
        // A second instance on the same database and files sweeps when its worker starts.
        let url = app.database_url();
        let dir = app.data_dir.display().to_string();
        let vars = [("DATABASE_URL", url.as_str()), ("MADANI_JWT_SECRET", app.jwt_secret.as_str()), ("MADANI_DATA_DIR", dir.as_str())];
        let _beside = TestApp::spawn_with(app.backend, &vars).await.expect("a second instance");
        let mut gone = false;
        for _ in 0..50 {
            if status(&app, Some(&c.amina), &forgotten.url).await == 404 {
                gone = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        assert!(gone, "the upload no post took within a day is removed");
        assert_eq!(status(&app, Some(&c.amina), &recent.url).await, 200, "a fresh upload waits");
        assert_eq!(stored(), 1, "its file went with it");
    }
}
