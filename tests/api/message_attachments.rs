//! Files sent with messages, on both backends: recognised by their content and size-limited;
//! uploaded first and seen by their uploader only until sent; then read by whoever reads the
//! conversation and by no one else; a sender can only send their own uploads of that conversation;
//! a deleted message's files are gone.

use madani_shared::ErrorCode;
use madani_shared::auth::TokenResponse;
use madani_shared::endpoints::*;
use madani_shared::ids::AttachmentId;
use madani_shared::messaging::*;
use madani_shared::page::PageQuery;
use madani_tests::{TestApp, both_backends, problem};

use crate::messaging::{direct, people, start};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

async fn upload(
    app: &TestApp,
    who: &TokenResponse,
    conversation: &Conversation,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    app.http
        .post(app.url(&format!("/api/v1/conversations/{}/attachments?name={name}", conversation.id)))
        .bearer_auth(&who.access_token)
        .header("content-type", "application/octet-stream")
        .body(bytes)
        .send()
        .await
        .expect("upload")
}

async fn fetch(app: &TestApp, who: Option<&TokenResponse>, url: &str) -> reqwest::Response {
    let mut request = app.http.get(app.url(url));
    if let Some(who) = who {
        request = request.bearer_auth(&who.access_token);
    }
    request.send().await.expect("fetch")
}

fn sending(body: &str, files: &[&Attachment]) -> SendMessage {
    SendMessage { body: body.into(), attachment_ids: files.iter().map(|a| a.id).collect() }
}

both_backends! {
    async fn a_file_reaches_the_conversation_and_no_one_else(app) {
        let p = people(&app).await;
        let c = start(&app, &p.amina, &direct(&p.bilal, "Bonjour")).await;
        let response = upload(&app, &p.amina, &c, "compte-rendu.pdf", PDF.to_vec()).await;
        assert_eq!(response.status().as_u16(), 201);
        let file: Attachment = response.json().await.unwrap();
        assert_eq!((file.name.as_str(), file.content_type.as_str(), file.size), ("compte-rendu.pdf", "application/pdf", PDF.len() as i64));

        // Before it is sent: its uploader only.
        assert_eq!(fetch(&app, Some(&p.amina), &file.url).await.status().as_u16(), 200);
        assert_eq!(fetch(&app, Some(&p.bilal), &file.url).await.status().as_u16(), 404);

        // Sent alone, without text.
        let sent = app.as_user(&p.amina).call::<SendMessageCall>(c.id, &sending("", &[&file])).await.unwrap();
        assert_eq!(sent.attachments, vec![file.clone()]);
        let response = fetch(&app, Some(&p.bilal), &file.url).await;
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["content-type"], "application/pdf");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
        assert!(disposition.starts_with("attachment") && disposition.contains("compte-rendu.pdf"), "{disposition}");
        assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);

        // Listed with the message and as the conversation's last one.
        let page = app.as_user(&p.bilal).call::<ListMessages>(c.id, &MessagesQuery::default()).await.unwrap();
        assert_eq!(page.messages.last().unwrap().attachments, vec![file.clone()]);
        let list = app.as_user(&p.bilal).call::<ListMyConversations>((), &PageQuery::default()).await.unwrap();
        let mine = list.items.iter().find(|x| x.id == c.id).unwrap();
        assert_eq!(mine.last_message.as_ref().unwrap().attachments, vec![file.clone()]);

        // Nobody else, and not without a token.
        for stranger in [&p.chafia, &p.driss] {
            assert_eq!(fetch(&app, Some(stranger), &file.url).await.status().as_u16(), 404);
        }
        assert_eq!(fetch(&app, None, &file.url).await.status().as_u16(), 401);
        let none: AttachmentId = "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7b10".parse().unwrap();
        assert_eq!(fetch(&app, Some(&p.amina), &format!("/api/v1/attachments/{none}")).await.status().as_u16(), 404);

        // Deleted: its file goes with it.
        let gone = app.as_user(&p.amina).call::<DeleteMessage>(sent.id, &()).await.unwrap();
        assert!(gone.deleted && gone.attachments.is_empty());
        assert_eq!(fetch(&app, Some(&p.bilal), &file.url).await.status().as_u16(), 404);
        assert_eq!(fetch(&app, Some(&p.amina), &file.url).await.status().as_u16(), 404, "nor its sender's");
        let resent = problem(app.as_user(&p.amina).call::<SendMessageCall>(c.id, &sending("Encore", &[&file])).await);
        assert_eq!(resent.field("attachment_ids").map(|e| e.code.as_str()), Some("unknown"), "a deleted message's file is not sent again");
    }

    async fn only_your_own_uploads_of_that_conversation_can_be_sent(app) {
        let p = people(&app).await;
        let c = start(&app, &p.amina, &direct(&p.bilal, "Bonjour")).await;
        let other = start(&app, &p.amina, &direct(&p.chafia, "Salut")).await;
        let file: Attachment = upload(&app, &p.amina, &c, "a.pdf", PDF.to_vec()).await.json().await.unwrap();
        let elsewhere: Attachment = upload(&app, &p.amina, &other, "b.pdf", PDF.to_vec()).await.json().await.unwrap();

        // Bilal cannot send Amina's upload; Amina cannot send another conversation's here.
        let p1 = problem(app.as_user(&p.bilal).call::<SendMessageCall>(c.id, &sending("Voilà", &[&file])).await);
        assert_eq!(p1.field("attachment_ids").map(|e| e.code.as_str()), Some("unknown"), "{p1:?}");
        let p2 = problem(app.as_user(&p.amina).call::<SendMessageCall>(c.id, &sending("Voilà", &[&elsewhere])).await);
        assert_eq!(p2.field("attachment_ids").map(|e| e.code.as_str()), Some("unknown"), "{p2:?}");
        // Nothing half-written: the refused messages are not there, the upload is still sendable.
        let page = app.as_user(&p.amina).call::<ListMessages>(c.id, &MessagesQuery::default()).await.unwrap();
        assert_eq!(page.messages.len(), 1);
        let sent = app.as_user(&p.amina).call::<SendMessageCall>(c.id, &sending("Voilà", &[&file])).await.unwrap();
        assert_eq!(sent.attachments.len(), 1);
        // Once sent, it cannot be sent again.
        let p3 = problem(app.as_user(&p.amina).call::<SendMessageCall>(c.id, &sending("Encore", &[&file])).await);
        assert_eq!(p3.field("attachment_ids").map(|e| e.code.as_str()), Some("unknown"));

        // A message needs text or a file; a change of text keeps the files as they were sent.
        let blank = problem(app.as_user(&p.amina).call::<SendMessageCall>(c.id, &SendMessage::new("  ")).await);
        assert_eq!(blank.field("body").map(|e| e.code.as_str()), Some("required"), "{blank:?}");
        let edit = EditMessage::new("Voilà !");
        let changed = app.as_user(&p.amina).call::<UpdateMessage>(sent.id, &edit).await.unwrap();
        assert_eq!((changed.body.as_deref(), changed.attachments.len()), (Some("Voilà !"), 1));
        assert_eq!(fetch(&app, Some(&p.bilal), &file.url).await.status().as_u16(), 200, "the file stays when the text changes");
        let emptied = problem(app.as_user(&p.amina).call::<UpdateMessage>(sent.id, &EditMessage::new(" ")).await);
        assert_eq!(emptied.field("body").map(|e| e.code.as_str()), Some("required"), "{emptied:?}");
    }

    async fn only_pictures_and_pdf_within_10_mb_are_taken(app) {
        let p = people(&app).await;
        let c = start(&app, &p.amina, &direct(&p.bilal, "Bonjour")).await;
        for (name, bytes) in [
            ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".to_vec()),
            ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00".to_vec()),
            ("page.html", b"<!doctype html><script>alert(1)</script>".to_vec()),
        ] {
            let response = upload(&app, &p.amina, &c, name, bytes).await;
            assert_eq!(response.status().as_u16(), 422, "{name}");
            let refused: madani_shared::Problem = response.json().await.unwrap();
            assert_eq!(refused.field("file").map(|e| e.code.as_str()), Some("not_allowed"), "{name}");
        }
        let empty: madani_shared::Problem = upload(&app, &p.amina, &c, "x.pdf", Vec::new()).await.json().await.unwrap();
        assert_eq!(empty.field("file").map(|e| e.code.as_str()), Some("required"));
        let mut big = PDF.to_vec();
        big.resize(10 * 1024 * 1024 + 1, b' ');
        assert_eq!(upload(&app, &p.amina, &c, "big.pdf", big).await.status().as_u16(), 413);
        // A conversation one does not read takes nothing from them.
        assert_eq!(upload(&app, &p.chafia, &c, "a.pdf", PDF.to_vec()).await.status().as_u16(), 404);
        let bad_name = upload(&app, &p.amina, &c, "..%2Fetc%2Fpasswd", PDF.to_vec()).await;
        assert_eq!(bad_name.status().as_u16(), 422);
        let p = problem::<()>(Err(madani_shared::ClientError::Api(Box::new(bad_name.json().await.unwrap()))));
        assert_eq!(p.code, ErrorCode::ValidationFailed);
    }

    async fn uploads_no_message_took_are_swept_after_a_day(app) {
        let p = people(&app).await;
        let c = start(&app, &p.amina, &direct(&p.bilal, "Bonjour")).await;
        let mut files = Vec::new();
        for name in ["oublie.pdf", "recent.pdf", "envoye.pdf"] {
            let file: Attachment = upload(&app, &p.amina, &c, name, PDF.to_vec()).await.json().await.unwrap();
            files.push(file);
        }
        let [forgotten, recent, sent] = [&files[0], &files[1], &files[2]];
        app.as_user(&p.amina).call::<SendMessageCall>(c.id, &sending("Ci-joint", &[sent])).await.unwrap();
        // Two days ago: the forgotten upload and the sent one; the recent one is an hour old.
        app.sql(format!(
            "UPDATE message_attachments SET created_at = '2020-01-01 00:00:00' WHERE id IN ('{}', '{}')",
            forgotten.id, sent.id
        ))
        .await;
        let stored = || walk(&app.data_dir).into_iter().filter(|f| f.extension().is_some_and(|e| e == "pdf")).count();
        assert_eq!(stored(), 3);

        // A second instance on the same database and files sweeps when its worker starts.
        let url = app.database_url();
        let dir = app.data_dir.display().to_string();
        let vars = [("DATABASE_URL", url.as_str()), ("MADANI_JWT_SECRET", app.jwt_secret.as_str()), ("MADANI_DATA_DIR", dir.as_str())];
        let _beside = TestApp::spawn_with(app.backend, &vars).await.expect("a second instance");
        let mut gone = false;
        for _ in 0..50 {
            if fetch(&app, Some(&p.amina), &forgotten.url).await.status().as_u16() == 404 {
                gone = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        assert!(gone, "the upload no message took within a day is removed");
        assert_eq!(fetch(&app, Some(&p.amina), &recent.url).await.status().as_u16(), 200, "a fresh upload waits");
        assert_eq!(fetch(&app, Some(&p.bilal), &sent.url).await.status().as_u16(), 200, "a sent file stays");
        assert_eq!(stored(), 2, "its file went with it");
    }
}

/// Every file under `dir`.
pub(crate) fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}
